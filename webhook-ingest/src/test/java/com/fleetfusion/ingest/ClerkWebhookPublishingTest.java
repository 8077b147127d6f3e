package com.fleetfusion.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fleetfusion.testsupport.KafkaResource;
import com.fleetfusion.testsupport.KafkaTopicReader;
import com.fleetfusion.testsupport.KafkaTopicReader.TopicRecord;
import com.fleetfusion.testsupport.LogLines;
import com.fleetfusion.testsupport.TestEventKeys;

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
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaTopicReader topics = KafkaTopicReader.ofTestBroker();

    @Test
    void verifiedUserEventIsPublishedWithoutPrivateMetadataUnderItsIdWithTheContractHeaders() throws Exception {
        String svixId = newSvixId();
        byte[] body = userCreated("user_published_1");
        long before = System.currentTimeMillis();

        Response response = deliver(SECRET_ONE, svixId, body);

        response.then().statusCode(204).header("Ingest-Outcome", "accepted");
        TopicRecord record = single(EVENTS, svixId);
        ObjectNode expected = (ObjectNode) JSON.readTree(body);
        ((ObjectNode) expected.get("data")).remove("private_metadata");
        assertThat(JSON.readTree(record.value())).isEqualTo(expected);
        assertThat(record.valueAsString()).doesNotContain("private_metadata").contains("Zoë", "Ødegård");
        assertThat(record.keyAsString()).isEqualTo("user_published_1");
        assertThat(record.headerMap()).containsOnlyKeys("svix-id", "svix-timestamp", "svix-signature",
                "clerk-event-type", "ingested-at", "event-source", "event-signature");
        assertThat(record.header("clerk-event-type")).isEqualTo("user.created");
        assertThat(record.header("event-source")).isEqualTo("clerk");
        assertThat(Long.parseLong(record.header("ingested-at"))).isBetween(before, System.currentTimeMillis());
        assertThat(Long.parseLong(record.header("svix-timestamp"))).isCloseTo(Instant.now().getEpochSecond(),
                org.assertj.core.data.Offset.offset(60L));
        assertThat(record.header("svix-signature")).startsWith("v1,");
        assertThat(TestEventKeys.signer().verify(record.header("event-signature"), svixId, "clerk", "user.created",
                "user_published_1", record.value())).isTrue();
    }

    @Test
    void aMarkerInPrivateMetadataAppearsOnNoTopicAndInNoLogLine() {
        String marker = "PRIVATE-MARKER-" + newSvixId();
        String accepted = newSvixId();
        String futureId = newSvixId();
        String notJson = newSvixId();
        String nested = """
                {"type":"organizationMembership.updated","object":"event","timestamp":1716883200000,
                 "data":{"id":"orgmem_marker","private_metadata":{"m":"%1$s"},
                   "organization":{"id":"org_marker","private_metadata":{"deep":{"m":"%1$s"}}},
                   "public_user_data":{"user_id":"user_marker"},"updated_at":1716883200000}}""".formatted(marker);
        String future = """
                {"type":"user.deleted","object":"event","timestamp":32503680000000,
                 "data":{"id":"user_marker","deleted":true,"private_metadata":{"m":"%s"}}}""".formatted(marker);
        try (LogLines logs = LogLines.capture()) {
            deliver(SECRET_ONE, accepted, utf8(nested)).then().statusCode(204).header("Ingest-Outcome", "accepted");
            deliver(SECRET_ONE, futureId, utf8(future)).then().statusCode(204)
                    .header("Ingest-Outcome", "dead_lettered");
            deliver(SECRET_ONE, notJson, utf8("{\"private_metadata\":\"" + marker)).then().statusCode(204)
                    .header("Ingest-Outcome", "dead_lettered");

            assertThat(single(EVENTS, accepted).valueAsString()).contains("org_marker", "user_marker");
            assertThat(single(DLQ, futureId).valueAsString()).contains("user_marker");
            assertThat(single(DLQ, notJson).value()).isEmpty();
            for (String topic : List.of(EVENTS, DLQ)) {
                assertThat(topics.records(topic)).noneMatch(r -> r.value() != null && r.valueAsString().contains(marker)
                        || r.headerMap().values().stream().anyMatch(value -> value.contains(marker)));
            }
            assertThat(logs.lines()).noneMatch(line -> line.contains(marker));
        }
    }

    /** user_X deleted "in the year 3000": genuine (Svix-signed) yet unusable, so answered 2xx and dead-lettered. */
    @Test
    void aFarFutureVersionIsAnsweredAndDeadLetteredNotPublished() {
        String svixId = newSvixId();
        byte[] body = utf8("{\"object\":\"event\",\"type\":\"user.deleted\",\"timestamp\":32503680000000,"
                + "\"data\":{\"id\":\"user_X\",\"deleted\":true}}");
        String tag = "outcome=\"dead_lettered\",reason=\"future-version\"";
        double before = Metrics.value("webhook_deliveries_total", tag);

        deliver(SECRET_ONE, svixId, body).then().statusCode(204).header("Ingest-Outcome", "dead_lettered");

        TopicRecord dead = single(DLQ, svixId);
        assertThat(dead.header("dead-letter-reason")).isEqualTo("future-version");
        assertThat(dead.value()).isEqualTo(body);
        assertThat(TestEventKeys.signer().verify(dead.header("event-signature"), svixId, "clerk", "user.deleted",
                svixId, dead.value())).isTrue();
        assertThat(topics.recordsWithHeader(EVENTS, "svix-id", svixId)).isEmpty();
        assertThat(Metrics.value("webhook_deliveries_total", tag)).isEqualTo(before + 1);
    }

    /** An updated_at an hour and a minute ahead is refused; one just now is not. */
    @Test
    void theFutureBoundIsEventsMaxFutureAheadOfTheClock() {
        long now = System.currentTimeMillis();
        String ahead = newSvixId();
        String current = newSvixId();
        String template = "{\"type\":\"organization.updated\",\"timestamp\":%d,\"data\":{\"id\":\"org_clock\","
                + "\"updated_at\":%d}}";

        deliver(SECRET_ONE, ahead, utf8(template.formatted(now, now + Duration.ofMinutes(61).toMillis())))
                .then().statusCode(204).header("Ingest-Outcome", "dead_lettered");
        deliver(SECRET_ONE, current, utf8(template.formatted(now, now))).then().statusCode(204)
                .header("Ingest-Outcome", "accepted");

        assertThat(single(DLQ, ahead).header("dead-letter-reason")).isEqualTo("future-version");
        single(EVENTS, current);
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
