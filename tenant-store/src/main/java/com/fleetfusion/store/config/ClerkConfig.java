package com.fleetfusion.store.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Clerk settings that quarkus-oidc has no property for. */
@ConfigMapping(prefix = "clerk")
public interface ClerkConfig {

    /** CLERK_AUTHORIZED_PARTIES: the origins a token's {@code azp} may name; empty means any. */
    Optional<List<String>> authorizedParties();

    /** CLERK_SECRET_KEY: the Backend API key (reconciliation). Never logged. */
    String secretKey();

    Retry retry();

    interface Retry {
        /** Cap of the backoff between attempts of one Backend API request ({@code Retry-After} may exceed it). */
        @WithDefault("30s")
        Duration maxDelay();
    }
}
