package com.fleetfusion.ingest;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fleetfusion.testsupport.KafkaResource;
import com.fleetfusion.testsupport.KafkaTopicReader;
import com.fleetfusion.testsupport.KafkaTopicReader.TopicRecord;
import com.fleetfusion.testsupport.TestEventKeys;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import static com.fleetfusion.ingest.ClerkDeliveries.SECRET_ONE;
import static com.fleetfusion.ingest.ClerkDeliveries.deliver;
import static com.fleetfusion.ingest.ClerkDeliveries.newSvixId;
import static com.fleetfusion.ingest.ClerkDeliveries.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A genuine delivery too large for a record is not lost: it is answered 2xx and a small dead letter names it, whether
 * the configured record limit or the broker refuses it. (Bodies above the HTTP limit still get 413: see
 * ClerkWebhookRefusalTest.)
 */
@QuarkusTest
// the topic of small records is the test's own: the ACLs give webhook-ingest's user only clerk.events and its DLQ
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = "principal", value = "admin"))
@TestProfile(TooLargeDeliveryTest.SmallRecords.class)
class TooLargeDeliveryTest {

    /** A topic whose brokers refuse records above 4 KiB, and a record limit of 64 KiB in the service. */
    static final String SMALL_TOPIC = "clerk.events.small-records";
    static final String DLQ = "clerk.events.dlq";
    private static final ObjectMapper JSON = new ObjectMapper();

    public static class SmallRecords implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ingest.kafka.topic", SMALL_TOPIC, "ingest.kafka.max-request-size", "65536");
        }
    }

    private final KafkaTopicReader topics = KafkaTopicReader.ofTestBroker();

    @BeforeAll
    static void smallTopic() throws Exception {
        try (Admin admin = Admin.create(KafkaResource.adminSettings().clientProperties())) {
            admin.createTopics(List.of(new NewTopic(SMALL_TOPIC, 1, (short) 1)
                    .configs(Map.of("max.message.bytes", "4096")))).all().get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    @Test
    void aDeliveryTheBrokerRefusesForItsSizeBecomesASmallDeadLetterNamingIt() throws Exception {
        String svixId = newSvixId();
        byte[] body = userUpdated("user_big", 10_000);
        String tag = "outcome=\"dead_lettered\",reason=\"too-large\"";
        double before = Metrics.value("webhook_deliveries_total", tag);

        deliver(SECRET_ONE, svixId, body).then().statusCode(204).header("Ingest-Outcome", "dead_lettered");

        TopicRecord dead = single(DLQ, svixId);
        assertNamesTheDelivery(dead, svixId, "user_big", body.length);
        assertThat(Metrics.value("webhook_deliveries_total", tag)).isEqualTo(before + 1);
        assertThat(topics.recordsWithHeader(SMALL_TOPIC, "svix-id", svixId)).isEmpty();
    }

    @Test
    void aDeliveryAboveTheConfiguredRecordLimitBecomesASmallDeadLetterNamingIt() throws Exception {
        String svixId = newSvixId();
        byte[] body = userUpdated("user_huge", 100_000);

        deliver(SECRET_ONE, svixId, body).then().statusCode(204).header("Ingest-Outcome", "dead_lettered");

        assertNamesTheDelivery(single(DLQ, svixId), svixId, "user_huge", body.length);
    }

    @Test
    void aSmallDeliveryIsStillPublished() {
        String svixId = newSvixId();

        deliver(SECRET_ONE, svixId, userUpdated("user_small", 10)).then().statusCode(204)
                .header("Ingest-Outcome", "accepted");

        assertThat(single(SMALL_TOPIC, svixId).keyAsString()).isEqualTo("user_small");
    }

    private static void assertNamesTheDelivery(TopicRecord dead, String svixId, String objectId, int size)
            throws Exception {
        assertThat(dead.header("dead-letter-reason")).isEqualTo("too-large");
        assertThat(dead.value().length).isLessThan(512);
        JsonNode letter = JSON.readTree(dead.value());
        assertThat(letter.path("svix_id").asText()).isEqualTo(svixId);
        assertThat(letter.path("type").asText()).isEqualTo("user.updated");
        assertThat(letter.path("object_id").asText()).isEqualTo(objectId);
        assertThat(letter.path("size").asLong()).isEqualTo(size);
        assertThat(letter.path("reason").asText()).isEqualTo("too-large");
        assertThat(TestEventKeys.signer().verify(dead.header("event-signature"), svixId, "clerk", "user.updated",
                svixId, dead.value())).isTrue();
    }

    private static byte[] userUpdated(String id, int padding) {
        return utf8("{\"object\":\"event\",\"type\":\"user.updated\",\"timestamp\":1716883200000,\"data\":{\"id\":\""
                + id + "\",\"first_name\":\"" + "x".repeat(padding) + "\",\"updated_at\":1716883200000}}");
    }

    private TopicRecord single(String topic, String svixId) {
        return await("record " + svixId + " on " + topic).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> topics.recordsWithHeader(topic, "svix-id", svixId), list -> list.size() == 1)
                .get(0);
    }
}
