package com.fleetfusion.store;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import com.fleetfusion.store.ClerkEvents.Event;
import com.fleetfusion.testsupport.KafkaResource;
import com.fleetfusion.testsupport.KafkaTopicWriter;
import com.fleetfusion.testsupport.PostgresResource;
import com.fleetfusion.testsupport.PostgresServer;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The consumer on the real topic {@code clerk.events} of the real broker, writing to the real Postgres. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(ClerkSessionResource.class)
class ClerkEventsConsumerTest {

    @Inject
    Pool pool;

    @Inject
    MeterRegistry registry;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void eventsOnTheTopicAreAppliedWhateverTheirOrderAndDuplicates() {
        String org = "org_" + run;
        String user = "user_" + run;
        Event created = ClerkEvents.user(user, 1_000, "old@example.com");
        Event updated = ClerkEvents.user(user, 2_000, "new@example.com");
        try (KafkaTopicWriter writer = KafkaTopicWriter.ofTestBroker()) {
            for (Event event : List.of(ClerkEvents.membership(org, user, "orgmem_1", 1_500, "org:admin"), updated,
                    ClerkEvents.redelivery(updated), created, ClerkEvents.organization(org, 1_000, "Acme"))) {
                send(writer, event);
            }
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(count("SELECT count(*) FROM users WHERE id = $1 AND primary_email = 'new@example.com'", user))
                    .isEqualTo(1);
            assertThat(count("SELECT count(*) FROM organizations WHERE id = $1", org)).isEqualTo(1);
            assertThat(count("SELECT count(*) FROM organization_memberships WHERE organization_id = $1"
                    + " AND deleted_at IS NULL", org)).isEqualTo(1);
        });
        assertThat(count("SELECT count(*) FROM processed_events WHERE svix_id = $1", updated.svixId())).isEqualTo(1);
    }

    @Test
    void unapplicableRecordsGoToTheDeadLetterTopicAndConsumptionContinues() {
        String user = "user_" + run;
        Event missingUser = ClerkEvents.event("organizationMembership.created", "bad-membership-" + run,
                new JsonObject().put("id", "orgmem_x").put("organization", new JsonObject().put("id", "org_x"))
                        .put("public_user_data", new JsonObject()).put("updated_at", 1_000), 1_000);
        try (KafkaTopicWriter writer = KafkaTopicWriter.ofTestBroker()) {
            writer.send("clerk.events", "not-json-" + run, "{not json".getBytes(StandardCharsets.UTF_8),
                    Map.of("svix-id", "msg_notjson_" + run, "clerk-event-type", "user.created"));
            send(writer, missingUser);
            // a record without a value (a Kafka tombstone): the deserializer is not even called for it
            writer.send("clerk.events", "no-value-" + run, null, Map.of("svix-id", "msg_novalue_" + run));
            send(writer, ClerkEvents.user(user, 1_000, "after@example.com"));
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(count("SELECT count(*) FROM users WHERE id = $1", user)).isEqualTo(1));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<DeadLetterTopic.DeadLetter> dead = DeadLetterTopic.withKeyContaining(run);
            assertThat(dead).hasSize(3);
            DeadLetterTopic.DeadLetter noValue = dead.stream().filter(d -> d.key().startsWith("no-value")).findFirst()
                    .orElseThrow();
            assertThat(noValue.headers()).containsEntry("svix-id", "msg_novalue_" + run)
                    .containsEntry("dead-letter-reason", "empty record value");
            DeadLetterTopic.DeadLetter notJson = dead.stream().filter(d -> d.key().startsWith("not-json")).findFirst()
                    .orElseThrow();
            assertThat(notJson.value()).isEqualTo("{not json");
            assertThat(notJson.headers()).containsEntry("svix-id", "msg_notjson_" + run)
                    .containsEntry("clerk-event-type", "user.created")
                    .containsEntry("dead-letter-topic", "clerk.events")
                    .containsKey("dead-letter-offset");
            assertThat(notJson.headers().get("dead-letter-reason")).contains("not JSON");
            DeadLetterTopic.DeadLetter noUser = dead.stream().filter(d -> d.key().startsWith("bad-membership"))
                    .findFirst().orElseThrow();
            assertThat(noUser.value()).isEqualTo(missingUser.json());
            assertThat(noUser.headers()).containsEntry("svix-id", missingUser.svixId());
            assertThat(noUser.headers().get("dead-letter-reason")).contains("user_id");
        });
    }

    @Test
    void databaseStoppedAndRestartedInTheMiddleOfAStreamLosesNothing() {
        assumeTrue(System.getenv("DB_URL") == null, "needs the Postgres of the test support");
        String org = "org_" + run;
        int members = 40;
        double retriesBefore = registry.counter("tenant_store.apply.retries").count();
        List<Event> events = new ArrayList<>();
        events.add(ClerkEvents.organization(org, 1_000, "Acme"));
        for (int i = 0; i < members; i++) {
            events.add(ClerkEvents.membership(org, "user_" + i + "_" + run, "orgmem_" + i, 2_000 + i, "org:member"));
        }
        PostgresServer postgres = PostgresServer.shared();
        try (KafkaTopicWriter writer = KafkaTopicWriter.ofTestBroker()) {
            events.subList(0, 10).forEach(event -> send(writer, event));
            writer.flush();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    count("SELECT count(*) FROM organization_memberships WHERE organization_id = $1", org))
                    .isEqualTo(9));
            postgres.stop();
            try {
                events.subList(10, events.size()).forEach(event -> send(writer, event));
                writer.flush();
                await().atMost(Duration.ofSeconds(30)).until(() ->
                        registry.counter("tenant_store.apply.retries").count() > retriesBefore);
            } finally {
                postgres.start();
            }
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                count("SELECT count(*) FROM organization_memberships WHERE organization_id = $1"
                        + " AND deleted_at IS NULL", org)).isEqualTo(members));
        assertThat(DeadLetterTopic.withKeyContaining(run)).isEmpty();
    }

    /**
     * Two batches in flight: one waiting in Postgres (here for a row lock held by a concurrent transaction, as
     * another replica's may be) does not hold up the next, whose events are applied meanwhile; but the group's
     * committed offset never passes the waiting batch until it has committed, then moves on past both.
     */
    @Test
    void theNextBatchIsAppliedWhileOneWaitsAndOffsetsAreCommittedInOrder() throws Exception {
        String waiting = "user_waiting_" + run;
        String next = "user_next_" + run;
        long nextOffset;
        try (KafkaTopicWriter writer = KafkaTopicWriter.ofTestBroker()) {
            send(writer, ClerkEvents.user(waiting, 1_000, "before@example.com"));
            writer.flush();
            await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM users WHERE id = $1",
                    waiting) == 1);
            SqlConnection holder = pool.getConnection().await().indefinitely();
            Transaction transaction = holder.begin().await().indefinitely();
            try {
                holder.preparedQuery("SELECT id FROM users WHERE id = $1 FOR UPDATE").execute(Tuple.of(waiting))
                        .await().indefinitely();
                long waitingOffset = sendAndWait(writer, ClerkEvents.user(waiting, 2_000, "after@example.com"));
                await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM pg_stat_activity"
                        + " WHERE wait_event_type = 'Lock' AND query LIKE $1", "INSERT INTO users%") == 1);

                nextOffset = sendAndWait(writer, ClerkEvents.user(next, 1_000, "next@example.com"));

                await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM users WHERE id = $1",
                        next) == 1);
                assertThat(count("SELECT count(*) FROM users WHERE id = $1 AND primary_email = 'before@example.com'",
                        waiting)).isEqualTo(1);
                // offsets are committed every 500 ms in tests
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                        .until(() -> committedOffset() <= waitingOffset);
            } finally {
                transaction.rollback().await().indefinitely();
                holder.close().await().indefinitely();
            }
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "SELECT count(*) FROM users WHERE id = $1 AND primary_email = 'after@example.com'", waiting) == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> committedOffset() > nextOffset);
    }

    private static long sendAndWait(KafkaTopicWriter writer, Event event) {
        return writer.sendAndWait("clerk.events", event.key(), event.body(), Map.of("svix-id", event.svixId(),
                "clerk-event-type", event.type(), "event-source", "clerk")).offset();
    }

    /** The group's committed offset on clerk.events (one partition in tests). */
    private static long committedOffset() throws Exception {
        try (Admin admin = Admin.create(KafkaResource.adminSettings().clientProperties())) {
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets("tenant-store").partitionsToOffsetAndMetadata()
                    .get().get(new TopicPartition("clerk.events", 0));
            return committed == null ? 0 : committed.offset();
        }
    }

    private static void send(KafkaTopicWriter writer, Event event) {
        writer.send("clerk.events", event.key(), event.body(),
                Map.of("svix-id", event.svixId(), "clerk-event-type", event.type(), "event-source", "clerk"));
    }

    private long count(String sql, String id) {
        return pool.preparedQuery(sql).execute(Tuple.of(id)).await().indefinitely().iterator().next().getLong(0);
    }
}
