package com.fleetfusion.onboarding.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The Backend API client's Clerk settings; session tokens are the clerk-session module's {@code ClerkSessionConfig}. */
@ConfigMapping(prefix = "clerk")
public interface ClerkConfig {

    /** Backend API secret key ({@code sk_...}); sent as bearer, never logged. */
    String secretKey();

    Retry retry();

    interface Retry {

        /** Cap of one backoff delay, and of a {@code Retry-After} the service is willing to honour. */
        @WithDefault("5s")
        Duration maxDelay();
    }
}
