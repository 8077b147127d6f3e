package com.fleetfusion.gateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Where Clerk session tokens come from and how strictly they are checked (DESIGN.md "Identity and tenancy rules").
 * Key source, in order: {@code jwt-key} (PEM, no network), {@code jwks-url}, else OIDC discovery at {@code issuer}.
 */
@ConfigMapping(prefix = "clerk")
public interface ClerkConfig {

    /** Frontend API URL: the pinned {@code iss}, and the base of OIDC discovery. */
    @WithDefault("http://localhost:8090")
    String issuer();

    /** A JWKS URL used instead of discovery. */
    Optional<String> jwksUrl();

    /** The instance's PEM public key: verification with no network at all. */
    Optional<String> jwtKey();

    /** Allowed {@code azp} values (the SPA origins). */
    @WithDefault("http://localhost:5173")
    List<String> authorizedParties();

    /** Clock skew allowed on exp, nbf and iat (Clerk's own default: 5 s). */
    @WithDefault("5s")
    Duration clockSkew();

    /** A token with an unknown kid refetches the JWKS at most this often. */
    @WithDefault("1m")
    Duration jwksRefreshInterval();

    VerifiedTokens verifiedTokens();

    RefusedTokens refusedTokens();

    /** Timeout of discovery and JWKS calls. */
    @WithDefault("5s")
    Duration connectionTimeout();

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
