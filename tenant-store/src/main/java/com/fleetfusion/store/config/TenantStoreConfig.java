package com.fleetfusion.store.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** tenant-store's own settings ({@code tenant-store.*} in application.properties). */
@ConfigMapping(prefix = "tenant-store")
public interface TenantStoreConfig {

    /** Svix retries a message for about 27.6 h: a shorter retention would let a late retry be applied twice. */
    Duration MINIMUM_PROCESSED_EVENTS_RETENTION = Duration.ofHours(28);

    ProcessedEvents processedEvents();

    Retry retry();

    Members members();

    interface ProcessedEvents {
        /** How long each svix-id is remembered (at least 28 h). */
        @WithDefault("48h")
        Duration retention();

        /** How often the purge runs. */
        @WithDefault("1h")
        Duration purgeEvery();
    }

    /** Back-off of a batch whose transaction failed for a transient reason (database away, serialization failure). */
    interface Retry {
        @WithDefault("250ms")
        Duration initialBackoff();

        @WithDefault("30s")
        Duration maxBackoff();
    }

    interface Members {
        @WithDefault("20")
        int defaultPageSize();

        @WithDefault("100")
        int maxPageSize();
    }
}
