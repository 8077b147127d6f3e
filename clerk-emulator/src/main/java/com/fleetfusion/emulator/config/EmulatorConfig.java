package com.fleetfusion.emulator.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Everything the emulator can be told. The public names are environment variables (see application.properties and
 * README.md): CLERK_SECRET_KEY, CLERK_ISSUER, CLERK_INSTANCE_ID, EMULATOR_*.
 */
@ConfigMapping(prefix = "emulator")
public interface EmulatorConfig {

    /** The Backend API secret key this instance accepts. Never logged. */
    @WithDefault("sk_test_fleetfusion_emulator")
    String secretKey();

    /** The issuer the tokens claim; absent: the emulator's own base URL, http://localhost:{port}. */
    Optional<String> issuer();

    /** The instance id: kid of the first signing key and instance_id of the webhook envelopes. */
    @WithDefault("ins_2fleetfusionemulator0000")
    String instanceId();

    /** Session token claim version (1 or 2) when a mint request does not say. */
    @WithDefault("2")
    int tokenVersion();

    /** The first one is the default azp of minted tokens. */
    @WithDefault("http://localhost:5173")
    List<String> authorizedParties();

    /** Default lifetime of a session token: Clerk's is 60 s. */
    @WithDefault("60s")
    Duration tokenTtl();

    /** Backend API requests allowed per window (Clerk production: 1000 per 10 s). */
    @WithDefault("1000")
    int rateLimit();

    @WithDefault("10s")
    Duration rateLimitWindow();

    Webhooks webhooks();

    interface Webhooks {
        /** Endpoints registered at start-up (EMULATOR_WEBHOOK_URLS). */
        Optional<List<String>> urls();

        /** Their signing secret (EMULATOR_WEBHOOK_SECRET); absent: one is generated per endpoint. */
        Optional<String> secret();

        /** A delivery that has no answer within this time failed (Svix: ~15 s). */
        @WithDefault("15s")
        Duration timeout();

        /** Svix's schedule: the gap before each attempt, the first immediately. */
        @WithDefault("0s,5s,5m,30m,2h,5h,10h,10h")
        List<Duration> retrySchedule();
    }
}
