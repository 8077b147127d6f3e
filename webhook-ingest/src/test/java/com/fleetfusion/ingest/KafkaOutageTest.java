package com.fleetfusion.ingest;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fleetfusion.events.PrivateMetadataRedactor;
import com.fleetfusion.testsupport.KafkaBroker;
import com.fleetfusion.testsupport.KafkaResource;
import com.fleetfusion.testsupport.KafkaTopicReader;
import com.fleetfusion.testsupport.KafkaTopicReader.TopicRecord;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import static com.fleetfusion.ingest.ClerkDeliveries.SECRET_ONE;
import static com.fleetfusion.ingest.ClerkDeliveries.deliver;
import static com.fleetfusion.ingest.ClerkDeliveries.newSvixId;
import static com.fleetfusion.ingest.ClerkDeliveries.userCreated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The broker goes away in the middle of the test and comes back. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
class KafkaOutageTest {

    @Test
    void whileKafkaIsDownDeliveriesGet503WithRetryAfterAndTheRetryIsPublishedExactlyAsSent() {
        assumeTrue(System.getenv("KAFKA_BOOTSTRAP_SERVERS") == null, "needs the broker of the test support");
        KafkaBroker broker = KafkaBroker.shared();
        String svixId = newSvixId();
        byte[] body = userCreated("user_outage");
        // the service has published before: the outage hits a producer with metadata and open connections
        deliver(SECRET_ONE, newSvixId(), userCreated("user_before_outage")).then().statusCode(204);
        double unavailable = Metrics.value("webhook_deliveries_total", "outcome=\"unavailable\"");

        broker.stop();
        try {
            long start = System.nanoTime();
            Response refused = deliver(SECRET_ONE, svixId, body);
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

            refused.then().statusCode(503).contentType("application/problem+json").header("Retry-After", "7");
            assertThat(elapsedMillis).isLessThan(10_000);
            assertThat(Metrics.value("webhook_deliveries_total", "outcome=\"unavailable\"")).isEqualTo(unavailable + 1);
        } finally {
            broker.start();
        }

        // Svix retries the same message (same svix-id, new timestamp and signature) until a 2xx
        await("delivery accepted after Kafka returned").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> deliver(SECRET_ONE, svixId, body).then().statusCode(204));
        KafkaTopicReader topics = KafkaTopicReader.ofTestBroker();
        List<TopicRecord> records = await().atMost(Duration.ofSeconds(30))
                .until(() -> topics.recordsWithHeader("clerk.events", "svix-id", svixId), list -> !list.isEmpty());
        TopicRecord record = records.get(0);
        // as sent, minus private_metadata (never on a topic)
        assertThat(record.value()).isEqualTo(new PrivateMetadataRedactor().redact(body));
        assertThat(record.keyAsString()).isEqualTo("user_outage");
        assertThat(record.header("clerk-event-type")).isEqualTo("user.created");
        assertThat(record.header("event-source")).isEqualTo("clerk");
    }
}
