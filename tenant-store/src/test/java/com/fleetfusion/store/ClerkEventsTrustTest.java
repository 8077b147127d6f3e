package com.fleetfusion.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fleetfusion.events.ClerkEventRecords;
import com.fleetfusion.events.EventSigner;
import com.fleetfusion.store.ClerkEvents.Event;
import com.fleetfusion.testsupport.KafkaResource;
import com.fleetfusion.testsupport.KafkaTopicWriter;
import com.fleetfusion.testsupport.LogLines;
import com.fleetfusion.testsupport.PostgresResource;
import com.fleetfusion.testsupport.TestEventKeys;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka is not a trusted boundary: what reaches {@code clerk.events} is applied only with a valid
 * {@code event-signature} and a version not far ahead of the clock (real broker, real Postgres).
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(ClerkSessionResource.class)
class ClerkEventsTrustTest {

    /** The year 3000 in epoch ms. */
    private static final long YEAR_3000 = 32_503_680_000_000L;

    @Inject
    Pool pool;

    @Inject
    MeterRegistry registry;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void recordsWithoutAValidSignatureChangeNothingAndAreDeadLetteredAndCounted() {
        String user = "user_forged" + run;
        double rejectedBefore = rejected(ClerkEventRecords.REASON_SIGNATURE);
        Event unsigned = deletedInTheYear3000(user);
        Event removedKey = ClerkEvents.user(user, 9_000, "forged@example.com");
        Event tampered = ClerkEvents.user(user, 8_000, "tampered@example.com");
        try (KafkaTopicWriter writer = KafkaTopicWriter.ofTestBroker();
                KafkaTopicWriter removed = new KafkaTopicWriter(KafkaResource.adminSettings(),
                        EventSigner.ofKeys(TestEventKeys.REMOVED_KEY))) {
            sendSigned(writer, ClerkEvents.user(user, 1_000, "genuine@example.com"));
            writer.sendUnsignedAndWait("clerk.events", unsigned.key(), unsigned.body(), headers(unsigned));
            removed.sendAndWait("clerk.events", removedKey.key(), removedKey.body(), headers(removedKey));
            // signed for another value: the signature of the genuine event, the bytes of another
            Map<String, String> stolen = writer.signed(tampered.key(), ClerkEvents.user(user, 8_000,
                    "genuine@example.com").body(), headers(tampered));
            writer.sendUnsignedAndWait("clerk.events", tampered.key(), tampered.body(), stolen);
            sendSigned(writer, ClerkEvents.organization("org_fence" + run, 1_000, "Fence"));
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM organizations WHERE id = $1",
                "org_fence" + run) == 1);
        assertThat(count("SELECT count(*) FROM users WHERE id = $1 AND deleted_at IS NULL"
                + " AND primary_email = 'genuine@example.com'", user)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<DeadLetterTopic.DeadLetter> dead = DeadLetterTopic.withKeyContaining(user);
            assertThat(dead).hasSize(3).allSatisfy(letter -> assertThat(letter.headers())
                    .containsEntry(ClerkEventRecords.DEAD_LETTER_REASON, ClerkEventRecords.REASON_SIGNATURE));
            assertThat(dead).extracting(d -> d.headers().get(ClerkEventRecords.SVIX_ID))
                    .containsExactlyInAnyOrder(unsigned.svixId(), removedKey.svixId(), tampered.svixId());
        });
        assertThat(rejected(ClerkEventRecords.REASON_SIGNATURE)).isEqualTo(rejectedBefore + 3);
    }

    @Test
    void aSignedFarFutureDeletionIsDeadLetteredAndTheUserStaysLive() {
        String user = "user_future" + run;
        double rejectedBefore = rejected(ClerkEventRecords.REASON_FUTURE_VERSION);
        Event deletion = deletedInTheYear3000(user);
        try (KafkaTopicWriter writer = KafkaTopicWriter.ofTestBroker()) {
            sendSigned(writer, ClerkEvents.user(user, 1_000, "live@example.com"));
            sendSigned(writer, deletion);
            sendSigned(writer, ClerkEvents.organization("org_fence" + run, 1_000, "Fence"));
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(DeadLetterTopic.withKeyContaining(user))
                .singleElement().satisfies(letter -> assertThat(letter.headers())
                        .containsEntry(ClerkEventRecords.DEAD_LETTER_REASON, ClerkEventRecords.REASON_FUTURE_VERSION)
                        .containsEntry(ClerkEventRecords.SVIX_ID, deletion.svixId())));
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM organizations WHERE id = $1",
                "org_fence" + run) == 1);
        assertThat(count("SELECT count(*) FROM users WHERE id = $1 AND deleted_at IS NULL", user)).isEqualTo(1);
        assertThat(rejected(ClerkEventRecords.REASON_FUTURE_VERSION)).isEqualTo(rejectedBefore + 1);
    }

    /** The layout of DESIGN.md, computed by openssl from a shell: not this project's signing code. */
    @Test
    void aRecordSignedByAnIndependentScriptIsApplied() throws Exception {
        String user = "user_script" + run;
        Event event = ClerkEvents.user(user, 1_000, "script@example.com");
        String signature = "v1," + opensslSignature(TestEventKeys.SIGNING_KEY, event.svixId(), "clerk", event.type(),
                event.key(), event.body());
        try (KafkaTopicWriter writer = KafkaTopicWriter.ofTestBroker()) {
            writer.sendUnsignedAndWait("clerk.events", event.key(), event.body(), Map.of(ClerkEventRecords.SVIX_ID,
                    event.svixId(), ClerkEventRecords.EVENT_TYPE, event.type(), ClerkEventRecords.EVENT_SOURCE,
                    "clerk", ClerkEventRecords.EVENT_SIGNATURE, signature));
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM users WHERE id = $1"
                + " AND primary_email = 'script@example.com'", user) == 1);
    }

    @Test
    void aRecordSignedWithThePreviousKeyStillAppliesWhileThatKeyIsListed() {
        String user = "user_rotated" + run;
        try (KafkaTopicWriter previous = new KafkaTopicWriter(KafkaResource.adminSettings(),
                EventSigner.ofKeys(TestEventKeys.PREVIOUS_KEY))) {
            sendSigned(previous, ClerkEvents.user(user, 1_000, "rotated@example.com"));
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM users WHERE id = $1"
                + " AND primary_email = 'rotated@example.com'", user) == 1);
    }

    @Test
    void privateMetadataOfARefusedRecordReachesNeitherTheDeadLetterTopicNorATableNorALogLine() {
        String user = "user_marker" + run;
        String marker = "PRIVATE-MARKER-" + run;
        Event forged = ClerkEvents.event("user.updated", user, new JsonObject().put("object", "user").put("id", user)
                .put("updated_at", ClerkEvents.at(1_000))
                .put("private_metadata", new JsonObject().put("marker", marker)), ClerkEvents.at(1_000));
        try (LogLines logs = LogLines.capture(); KafkaTopicWriter writer = KafkaTopicWriter.ofTestBroker()) {
            writer.sendUnsignedAndWait("clerk.events", forged.key(), forged.body(), headers(forged));

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    DeadLetterTopic.withKeyContaining(user)).singleElement().satisfies(letter -> {
                        assertThat(letter.value()).contains(user).doesNotContain(marker)
                                .doesNotContain("private_metadata");
                        assertThat(letter.headers().values()).noneMatch(value -> value.contains(marker));
                    }));
            // the refusal itself is logged, without the value
            assertThat(logs.lines()).anyMatch(line -> line.contains(forged.svixId()))
                    .noneMatch(line -> line.contains(marker));
        }
        assertThat(count("SELECT count(*) FROM users WHERE id = $1", user)).isZero();
    }

    /** The forgery of the issue: user.deleted at version "year 3000". */
    private static Event deletedInTheYear3000(String user) {
        return ClerkEvents.event("user.deleted", user,
                new JsonObject().put("object", "user").put("id", user).put("deleted", true), YEAR_3000);
    }

    private static Map<String, String> headers(Event event) {
        return Map.of(ClerkEventRecords.SVIX_ID, event.svixId(), ClerkEventRecords.EVENT_TYPE, event.type(),
                ClerkEventRecords.EVENT_SOURCE, ClerkEventRecords.SOURCE_CLERK);
    }

    private static void sendSigned(KafkaTopicWriter writer, Event event) {
        writer.sendAndWait("clerk.events", event.key(), event.body(), headers(event));
    }

    /** base64(HMAC-SHA256) of the four lines and the value, by printf, cat, openssl and base64. */
    private static String opensslSignature(String key, String svixId, String source, String type, String recordKey,
            byte[] value) throws IOException, InterruptedException {
        Path valueFile = Files.createTempFile("record-value", ".json");
        try {
            Files.write(valueFile, value);
            Process process = new ProcessBuilder("sh", "-c",
                    "printf '%s\\n%s\\n%s\\n%s\\n' \"$1\" \"$2\" \"$3\" \"$4\" | cat - \"$5\""
                            + " | openssl dgst -sha256 -hmac \"$6\" -binary | base64",
                    "sign", svixId, source, type, recordKey, valueFile.toString(), key)
                    .redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(out).isZero();
            return out;
        } finally {
            Files.deleteIfExists(valueFile);
        }
    }

    private double rejected(String reason) {
        return registry.counter("tenant_store.events.rejected", "reason", reason).count();
    }

    private long count(String sql, String id) {
        return pool.preparedQuery(sql).execute(Tuple.of(id)).await().indefinitely().iterator().next().getLong(0);
    }
}
