package com.fleetfusion.ingest.client;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import com.fleetfusion.ingest.config.IngestConfig;
import com.fleetfusion.ingest.model.WebhookRejectedException;
import com.fleetfusion.ingest.service.IngestMetrics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The publish timeout bounds a send on its own, even while the producer would still wait longer (here for the
 * metadata of a broker that is not there, up to a max.block.ms above the timeout).
 */
class PublishTimeoutTest {

    private static final Duration PUBLISH_TIMEOUT = Duration.ofMillis(500);

    @Test
    void aSendWithoutAcknowledgementFailsAsKafkaUnavailableAtThePublishTimeout() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        ClerkEventsPublisher publisher = new ClerkEventsPublisher(Map.of("bootstrap.servers", "127.0.0.1:" + closedPort),
                config(), new IngestMetrics(new SimpleMeterRegistry()));
        try {
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>("clerk.events",
                    "user_1".getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));
            long start = System.nanoTime();
            assertThatThrownBy(() -> publisher.publish(record).await().atMost(Duration.ofSeconds(5)))
                    .isInstanceOf(WebhookRejectedException.KafkaUnavailable.class)
                    .hasCauseInstanceOf(TimeoutException.class);
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(elapsedMillis).isBetween(PUBLISH_TIMEOUT.toMillis() - 10,
                    PUBLISH_TIMEOUT.toMillis() + 1_000);
        } finally {
            publisher.close();
        }
    }

    private static IngestConfig config() {
        IngestConfig.Kafka kafka = new IngestConfig.Kafka() {
            public String topic() { return "clerk.events"; }
            public String deadLetterTopic() { return "clerk.events.dlq"; }
            public Duration publishTimeout() { return PUBLISH_TIMEOUT; }
            public Duration maxBlock() { return Duration.ofSeconds(10); }
            public Duration requestTimeout() { return Duration.ofSeconds(3); }
            public Duration deliveryTimeout() { return Duration.ofSeconds(12); }
            public Duration linger() { return Duration.ofMillis(1); }
            public int batchSize() { return 262_144; }
            public int maxRequestSize() { return 2_097_152; }
            public int retryAfterSeconds() { return 10; }
        };
        return new IngestConfig() {
            public List<String> webhookSecrets() { return List.of(); }
            public long maxBodyBytes() { return 1_048_576; }
            public Kafka kafka() { return kafka; }
            public Dedup dedup() { return null; }
            public BenchmarkBaseline benchmarkBaseline() { return null; }
        };
    }
}
