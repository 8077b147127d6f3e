package com.fleetfusion.ingest.config;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Everything webhook-ingest can be told; the public environment variable names are in application.properties. */
@ConfigMapping(prefix = "ingest")
public interface IngestConfig {

    /** The Svix signing secrets ({@code whsec_...}); several during a rotation, a delivery signed by any one passes. */
    @WithName("webhook-secrets")
    List<String> webhookSecrets();

    /** Largest webhook body accepted; more is refused with 413 before it is read. */
    @WithDefault("1048576")
    long maxBodyBytes();

    Kafka kafka();

    Dedup dedup();

    @WithName("benchmark-baseline")
    BenchmarkBaseline benchmarkBaseline();

    interface Kafka {

        @WithDefault("clerk.events")
        String topic();

        @WithDefault("clerk.events.dlq")
        String deadLetterTopic();

        /**
         * Upper bound of a whole publication as seen by the HTTP caller; past it the answer is 503. Svix gives up on an
         * attempt after 15 s, so this must stay well below.
         */
        @WithDefault("8s")
        Duration publishTimeout();

        /** Producer {@code max.block.ms}: how long send() may wait for metadata or buffer space. */
        @WithDefault("3s")
        Duration maxBlock();

        /** Producer {@code request.timeout.ms}. */
        @WithDefault("3s")
        Duration requestTimeout();

        /** Producer {@code delivery.timeout.ms}: at least linger + request timeout (Kafka checks it). */
        @WithDefault("6s")
        Duration deliveryTimeout();

        /**
         * Producer {@code linger.ms}: a short wait lets concurrent deliveries share one batch; every HTTP answer waits
         * for it, so it stays short.
         */
        @WithDefault("1ms")
        Duration linger();

        /**
         * Producer {@code batch.size} in bytes. Kafka's 16 KiB default holds only a few 2 KB Clerk events, which caps
         * throughput at about (in-flight requests x batch) per broker round trip; larger batches carry concurrent
         * deliveries together.
         */
        @WithDefault("262144")
        int batchSize();

        /** Producer {@code max.request.size}: above the body limit so that only the broker's limit can refuse a record. */
        @WithDefault("2097152")
        int maxRequestSize();

        /** Seconds announced in {@code Retry-After} when Kafka cannot take a delivery. */
        @WithDefault("10")
        int retryAfterSeconds();
    }

    interface Dedup {

        /** How many recent svix-ids are remembered at most (memory bound). */
        @WithDefault("100000")
        long maxEntries();

        /** How long an svix-id is remembered (Svix's own advice is a day). */
        @WithDefault("24h")
        Duration ttl();
    }

    interface BenchmarkBaseline {

        /** Enables {@code POST /webhooks/baseline}, which reads the body and answers 204: for the benchmark only. */
        @WithDefault("false")
        boolean enabled();
    }
}
