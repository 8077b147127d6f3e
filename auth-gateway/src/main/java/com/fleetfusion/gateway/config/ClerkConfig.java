package com.fleetfusion.gateway.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The gateway's own Clerk settings: its caches of verified and refused tokens. Where keys come from and the rules
 * (issuer, authorized parties, skew, JWKS refresh) are the shared {@code clerk-session} module's
 * {@code ClerkSessionConfig}.
 */
@ConfigMapping(prefix = "clerk")
public interface ClerkConfig {

    VerifiedTokens verifiedTokens();

    RefusedTokens refusedTokens();

    /**
     * Tokens whose signature has been verified, kept so that the same token (the SPA re-sends it for about a minute)
     * is not verified again; Clerk's rules and exp are re-checked on every use.
     */
    interface VerifiedTokens {
        /** 0 turns the cache off. */
        @WithDefault("10000")
        long maxSize();

        /** How long a verified signature is trusted, at most (a retired key stops working after this). */
        @WithDefault("30s")
        Duration ttl();
    }

    /**
     * Tokens refused for a lasting reason (expired, bad signature, another issuer, malformed, no subject), remembered
     * by their SHA-256 so that the same token is refused again without another signature verification. Refusals that
     * can pass later (unknown kid awaiting a JWKS refetch, keys unavailable, nbf or iat ahead) are never remembered.
     */
    interface RefusedTokens {
        /** 0 turns the cache off. */
        @WithDefault("10000")
        long maxSize();

        /** How long a refusal is remembered (an expired token stays expired; this bounds the memory and staleness). */
        @WithDefault("30s")
        Duration ttl();
    }
}
