package com.fleetfusion.store.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The Backend API client's Clerk settings; session tokens are the clerk-session module's {@code ClerkSessionConfig}. */
@ConfigMapping(prefix = "clerk")
public interface ClerkConfig {

    /** CLERK_SECRET_KEY: the Backend API key (reconciliation). Never logged. */
    String secretKey();

    Retry retry();

    interface Retry {
        /** Cap of the backoff between attempts of one Backend API request ({@code Retry-After} may exceed it). */
        @WithDefault("30s")
        Duration maxDelay();
    }
}
