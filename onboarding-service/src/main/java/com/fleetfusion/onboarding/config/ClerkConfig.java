package com.fleetfusion.onboarding.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Clerk settings shared by the token check and the Backend API client. */
@ConfigMapping(prefix = "clerk")
public interface ClerkConfig {

    /** The instance's Frontend API URL: expected {@code iss}, and where OIDC discovery is. */
    String issuer();

    /** A JWKS URL to use instead of discovery. */
    Optional<String> jwksUrl();

    /** A PEM public key (Clerk's "JWKS Public Key"): verification with no network at all. */
    Optional<String> jwtKey();

    /** Allowed clock skew on exp/nbf (Clerk's default). */
    @WithDefault("5s")
    Duration clockSkew();

    @WithDefault("5s")
    Duration connectionTimeout();

    /** Backend API secret key ({@code sk_...}); sent as bearer, never logged. */
    String secretKey();

    /** Allowed {@code azp} values (the SPA origins); empty = no check, as Clerk's SDK does when unset. */
    Optional<List<String>> authorizedParties();

    Retry retry();

    interface Retry {

        /** Cap of one backoff delay, and of a {@code Retry-After} the service is willing to honour. */
        @WithDefault("5s")
        Duration maxDelay();
    }
}
