package com.fleetfusion.session;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Where Clerk session tokens' keys come from and how strictly tokens are checked, the same in every service that
 * reads a session. Key source, in order: {@code jwt-key} (PEM, no network), {@code jwks-url}, else OIDC discovery
 * at {@code issuer}. A service's own {@code clerk.*} settings (Backend API key, retries) live in its own mapping.
 */
@ConfigMapping(prefix = "clerk")
public interface ClerkSessionConfig {

    /** CLERK_ISSUER: the Frontend API URL, the pinned {@code iss} and the base of OIDC discovery. */
    @WithDefault("http://localhost:8090")
    String issuer();

    /** CLERK_JWKS_URL: a JWKS URL used instead of discovery. */
    Optional<String> jwksUrl();

    /** CLERK_JWT_KEY: the instance's PEM public key, verification with no network at all. */
    Optional<String> jwtKey();

    /** CLERK_AUTHORIZED_PARTIES: the allowed {@code azp} values (the SPA origins); every token must name one. */
    @WithDefault("http://localhost:5173")
    List<String> authorizedParties();

    /** Clock skew allowed on exp, nbf and iat (Clerk's own default: 5 s). */
    @WithDefault("5s")
    Duration clockSkew();

    /** CLERK_JWKS_REFRESH_INTERVAL: the JWKS is re-read this often, so a key withdrawn at Clerk stops verifying. */
    @WithDefault("5m")
    Duration jwksRefreshInterval();

    /** A token with an unknown kid refetches the JWKS at most this often (a forged kid must not flood Clerk). */
    @WithDefault("1m")
    Duration unknownKidRefetchInterval();

    /** Readiness goes DOWN after this many consecutive failed JWKS reads (the last good keys still verify). */
    @WithDefault("3")
    int jwksFailuresBeforeUnready();

    /** Timeout of discovery and JWKS calls. */
    @WithDefault("5s")
    Duration connectionTimeout();
}
