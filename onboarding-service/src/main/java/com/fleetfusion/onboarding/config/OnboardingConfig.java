package com.fleetfusion.onboarding.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The saga's own knobs; the Clerk call policy (timeouts, retries, breaker) is fault-tolerance config. */
@ConfigMapping(prefix = "onboarding")
public interface OnboardingConfig {

    /** Overall deadline of one POST /onboarding, all Clerk calls and retries included. */
    @WithDefault("20s")
    Duration deadline();

    /** How many slugs to try when Clerk says the slug is taken (the first one included). */
    @WithDefault("4")
    int slugAttempts();

    /** The role the creator gets and that the user's metadata records. */
    @WithDefault("org:admin")
    String adminRole();

    /** How often a request that finds another saga of the same user in flight looks again. */
    @WithDefault("200ms")
    Duration inFlightPoll();

    Recovery recovery();

    RateLimit rateLimit();

    /**
     * Admission of {@code POST /onboarding} attempts. The global default: Clerk allows a production instance 100
     * Backend API calls a second; an attempt makes up to five, so 10 attempts a second keep half for reconciliation.
     */
    interface RateLimit {

        /** Attempts one user may make per {@link #perUserWindow()}. */
        @WithDefault("5")
        int perUser();

        @WithDefault("1m")
        Duration perUserWindow();

        /** Attempts per second of all users together, on this replica. */
        @WithDefault("10")
        double globalPerSecond();

        /** How many attempts may come at once before the global rate applies. */
        @WithDefault("20")
        int globalBurst();
    }

    interface Recovery {

        /** Sagas untouched for longer than this are taken over by the recovery job (keep it above the deadline). */
        @WithDefault("2m")
        Duration stuckAfter();

        /** How often the job runs (a Quarkus scheduler period). */
        @WithDefault("30s")
        String every();

        /** Delay of the job's first run after start-up. */
        @WithDefault("10s")
        String initialDelay();

        /** Sagas taken per run of the job. */
        @WithDefault("20")
        int batchSize();
    }
}
