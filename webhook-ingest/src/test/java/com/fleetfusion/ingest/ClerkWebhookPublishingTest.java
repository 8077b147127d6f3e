package com.fleetfusion.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fleetfusion.testsupport.KafkaResource;
import com.fleetfusion.testsupport.KafkaTopicReader;
import com.fleetfusion.testsupport.KafkaTopicReader.TopicRecord;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import static com.fleetfusion.ingest.ClerkDeliveries.SECRET_ONE;
import static com.fleetfusion.ingest.ClerkDeliveries.SECRET_TWO;
import static com.fleetfusion.ingest.ClerkDeliveries.SVIX_VECTOR_SECRET;
import static com.fleetfusion.ingest.ClerkDeliveries.deliver;
import static com.fleetfusion.ingest.ClerkDeliveries.membershipCreated;
import static com.fleetfusion.ingest.ClerkDeliveries.newSvixId;
import static com.fleetfusion.ingest.ClerkDeliveries.userCreated;
import static com.fleetfusion.ingest.ClerkDeliveries.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What reaches Kafka for each verified delivery, and what the metrics say about it. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
class ClerkWebhookPublishingTest {

    static final String EVENTS = "clerk.events";
    static final String DLQ = "clerk.events.dlq";

    private final KafkaTopicReader topics = KafkaTopicReader.ofTestBroker();

    @Test
    void verifiedUserEventIsPublishedByteForByteUnderItsIdWithTheContractHeaders() {
        String svixId = newSvixId();
        byte[] body = userCreated("user_published_1");
        long before = System.currentTimeMillis();

        Response response = deliver(SECRET_ONE, svixId, body);

        response.then().statusCode(204).header("Ingest-Outcome", "accepted");
        TopicRecord record = single(EVENTS, svixId);
        assertThat(record.value()).isEqualTo(body);
        assertThat(record.keyAsString()).isEqualTo("user_published_1");
        assertThat(record.headerMap()).containsOnlyKeys("svix-id", "svix-timestamp", "svix-signature",
                "clerk-event-type", "ingested-at", "event-source");
        assertThat(record.header("clerk-event-type")).isEqualTo("user.created");
        assertThat(record.header("event-source")).isEqualTo("clerk");
        assertThat(Long.parseLong(record.header("ingested-at"))).isBetween(before, System.currentTimeMillis());
        assertThat(Long.parseLong(record.header("svix-timestamp"))).isCloseTo(Instant.now().getEpochSecond(),
                org.assertj.core.data.Offset.offset(60L));
        assertThat(record.header("svix-signature")).startsWith("v1,");
    }

    @Test
    void membershipEventIsKeyedByOrganizationAndUser() {
        String svixId = newSvixId();
        deliver(SECRET_ONE, svixId, membershipCreated("orgmem_1", "org_acme", "user_jane")).then().statusCode(204);
        assertThat(single(EVENTS, svixId).keyAsString()).isEqualTo("org_acme:user_jane");
    }

    @Test
    void deliverySignedWithEitherSecretOfARotationIsAccepted() {
        for (String secret : List.of(SECRET_ONE, SECRET_TWO)) {
            String svixId = newSvixId();
            deliver(secret, svixId, userCreated("user_rotation")).then().statusCode(204).header("Ingest-Outcome", "accepted");
            assertThat(single(EVENTS, svixId).keyAsString()).isEqualTo("user_rotation");
        }
    }

    @Test
    void svixTestVectorSecretVerifiesADeliveryOfItsPayload() {
        // the vector's payload is genuine but has no Clerk "type": verified, so dead-lettered rather than refused
        String svixId = newSvixId();
        byte[] body = utf8("{\"event_type\":\"ping\",\"data\":{\"success\":true}}");
        deliver(SVIX_VECTOR_SECRET, svixId, body).then().statusCode(204).header("Ingest-Outcome", "dead_lettered");
        assertThat(single(DLQ, svixId).value()).isEqualTo(body);
    }

    @Test
    void redeliveryOfAPublishedSvixIdIsAcknowledgedWithoutASecondRecord() {
        String svixId = newSvixId();
        byte[] body = userCreated("user_duplicate");
        double duplicatesBefore = Metrics.value("webhook_deliveries_total", "outcome=\"duplicate\"");
        deliver(SECRET_ONE, svixId, body).then().statusCode(204).header("Ingest-Outcome", "accepted");

        // Svix retries with the same svix-id and a fresh timestamp and signature
        deliver(SECRET_TWO, svixId, body).then().statusCode(204).header("Ingest-Outcome", "duplicate");

        assertThat(Metrics.value("webhook_deliveries_total", "outcome=\"duplicate\"")).isEqualTo(duplicatesBefore + 1);
        // a later, distinct delivery is on the topic: the duplicate would have been before it
        String laterId = newSvixId();
        deliver(SECRET_ONE, laterId, userCreated("user_after_duplicate")).then().statusCode(204);
        single(EVENTS, laterId);
        assertThat(topics.recordsWithHeader(EVENTS, "svix-id", svixId)).hasSize(1);
    }

    @Test
    void genuineBodiesThatAreNotUsableClerkEventsAreDeadLetteredWithTheirReasonAndCounted() {
        record Case(String body, String reason) {
        }
        List<Case> cases = List.of(
                new Case("this is not json", "not_json"),
                new Case("{\"object\":\"event\",\"data\":{\"id\":\"user_1\"}}", "missing_type"),
                new Case("{\"type\":\"user.updated\",\"data\":{\"first_name\":\"x\"}}", "missing_data_id"),
                new Case("{\"type\":\"organizationMembership.deleted\",\"data\":{\"id\":\"orgmem_9\","
                        + "\"organization\":{\"id\":\"org_1\"},\"public_user_data\":{}}}", "membership_without_ids"));
        for (Case c : cases) {
            String svixId = newSvixId();
            String tag = "outcome=\"dead_lettered\",reason=\"" + c.reason() + "\"";
            double before = Metrics.value("webhook_deliveries_total", tag);

            deliver(SECRET_ONE, svixId, utf8(c.body())).then().statusCode(204).header("Ingest-Outcome", "dead_lettered");

            TopicRecord dead = single(DLQ, svixId);
            assertThat(dead.valueAsString()).isEqualTo(c.body());
            assertThat(dead.header("dead-letter-reason")).isEqualTo(c.reason());
            assertThat(dead.header("svix-signature")).startsWith("v1,");
            assertThat(Metrics.value("webhook_deliveries_total", tag)).isEqualTo(before + 1);
            assertThat(topics.recordsWithHeader(EVENTS, "svix-id", svixId)).isEmpty();
        }
    }

    @Test
    void deliveriesAreCountedByOutcomeWithDelayAndPublishLatencyHistograms() {
        double accepted = Metrics.value("webhook_deliveries_total", "outcome=\"accepted\"");
        double rejected = Metrics.value("webhook_deliveries_total", "outcome=\"rejected\",reason=\"invalid_signature\"");
        double delays = Metrics.value("webhook_delay_seconds_count", "");

        deliver(SECRET_ONE, newSvixId(), userCreated("user_metrics")).then().statusCode(204);
        deliver(ClerkDeliveries.UNKNOWN_SECRET, newSvixId(), userCreated("user_metrics")).then().statusCode(401);

        assertThat(Metrics.value("webhook_deliveries_total", "outcome=\"accepted\"")).isEqualTo(accepted + 1);
        assertThat(Metrics.value("webhook_deliveries_total", "outcome=\"rejected\",reason=\"invalid_signature\""))
                .isEqualTo(rejected + 1);
        assertThat(Metrics.value("webhook_delay_seconds_count", "")).isEqualTo(delays + 1);
        assertThat(Metrics.scrape()).contains("webhook_delay_seconds_bucket{")
                .contains("webhook_publish_seconds_bucket{")
                .containsPattern("webhook_publish_seconds_count\\{result=\"acknowledged\",topic=\"clerk.events\",?\\} [1-9]");
    }

    private TopicRecord single(String topic, String svixId) {
        return await("record " + svixId + " on " + topic).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> topics.recordsWithHeader(topic, "svix-id", svixId), list -> list.size() == 1)
                .get(0);
    }
}
