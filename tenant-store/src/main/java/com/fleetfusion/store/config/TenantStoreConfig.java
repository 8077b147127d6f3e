package com.fleetfusion.store.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** tenant-store's own settings ({@code tenant-store.*} in application.properties). */
@ConfigMapping(prefix = "tenant-store")
public interface TenantStoreConfig {

    /** Svix retries a message for about 27.6 h: a shorter retention would let a late retry be applied twice. */
    Duration MINIMUM_PROCESSED_EVENTS_RETENTION = Duration.ofHours(28);

    ProcessedEvents processedEvents();

    Retry retry();

    Apply apply();

    Db db();

    Members members();

    Reconcile reconcile();

    /**
     * ADMIN_TOKEN: the credential of the operations endpoints ({@code /admin/*}), never a Clerk session. Unset: those
     * endpoints refuse every request.
     */
    Optional<String> adminToken();

    interface ProcessedEvents {
        /** How long each svix-id is remembered (at least 28 h). */
        @WithDefault("48h")
        Duration retention();

        /** How often the purge runs. */
        @WithDefault("1h")
        Duration purgeEvery();
    }

    interface Apply {
        /**
         * Batches of clerk.events in flight at once: with 2, the next batch is read, prepared and queued in Postgres
         * while the one before it is in its transaction (they serialize where they conflict, as two replicas' batches
         * do; offsets are committed in order whatever order they finish in). 1: one batch at a time.
         */
        @WithDefault("2")
        int batchesInFlight();
    }

    /** The reactive Postgres client, beyond what {@code quarkus.datasource.reactive.*} offers. */
    interface Db {
        /**
         * Longest SQL text the client keeps prepared (per connection): Vert.x's default of 2,048 characters left the
         * membership upsert out, so it was parsed, described (one more round trip, inside the batch's transaction)
         * and planned again for every batch.
         */
        @WithDefault("8192")
        int preparedStatementCacheSqlLimit();
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

        /**
         * Organization roles (Clerk's full keys) whose members see the others' e-mail, last sign-in and banned flag;
         * everyone else sees what Clerk's Frontend API shows a member.
         */
        @WithDefault("org:admin")
        List<String> detailRoles();

        /** A permission (full key, e.g. {@code org:members:read_details}) that grants the same; none by default. */
        Optional<String> detailPermission();
    }

    /** Reconciliation against the Clerk Backend API. */
    interface Reconcile {
        /** Clerk's largest page. */
        int MAXIMUM_PAGE_SIZE = 500;

        /** Clerk's largest id filter ({@code user_id}, {@code organization_id}) per request. */
        int MAXIMUM_IDS_PER_REQUEST = 100;

        /** RECONCILE_SCHEDULE: a Quartz-style cron expression, or {@code off}. */
        @WithDefault("0 30 3 * * ?")
        String schedule();

        /** Objects per page ({@code limit}), 1..500. */
        @WithDefault("500")
        int pageSize();

        /**
         * RECONCILE_REQUESTS_PER_SECOND: the run's own ceiling. Clerk allows 1000 requests per 10 s per instance in
         * production (100 in development), shared with onboarding-service and everything else using the key.
         */
        @WithDefault("20")
        double requestsPerSecond();

        /**
         * RECONCILE_MAX_DELETE_FRACTION: a run that would tombstone more than this share of a kind's live rows
         * deletes nothing and ends {@code refused} (a wrong key or an API answering empty lists would otherwise
         * tombstone everything).
         */
        @WithDefault("0.05")
        double maxDeleteFraction();

        /** RECONCILE_MAX_DELETES: the same, as a number of rows of one kind. */
        @WithDefault("1000")
        long maxDeletes();

        /** How often a running reconciliation logs its progress. */
        @WithDefault("5s")
        Duration logEvery();

        /**
         * How long the run's lease in Postgres (one run at a time across replicas) lasts without renewal; the
         * running replica renews it at every progress line, a crashed one frees it after this.
         */
        @WithDefault("2m")
        Duration leaseTtl();
    }

    /** The Clerk health check group. */
    ClerkHealth clerkHealth();

    interface ClerkHealth {
        /** Longest time an answer of GET /v1/jwks is reused (at most 30 s). */
        @WithDefault("30s")
        Duration cacheFor();

        /** Longest wait for GET /v1/jwks. */
        @WithDefault("3s")
        Duration timeout();
    }
}
