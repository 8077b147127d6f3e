package com.fleetfusion.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fleetfusion.store.ClerkEvents.Event;
import com.fleetfusion.testsupport.KafkaBroker;
import com.fleetfusion.testsupport.KafkaTopicWriter;
import com.fleetfusion.testsupport.PostgresServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged service against a real broker and Postgres: the README's replay steps run as written, and a kill -9
 * in the middle of a stream loses nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplayAndKillIT {

    private static final String TOPIC = "clerk.events";
    private static final String GROUP = "tenant-store";

    private final KafkaBroker broker = KafkaBroker.shared();
    private final PostgresServer postgres = PostgresServer.shared();

    @Test
    @Order(1)
    void resettingTheConsumerGroupToTheEarliestOffsetReplaysToIdenticalTables() throws Exception {
        String prefix = "r" + UUID.randomUUID().toString().substring(0, 6) + "_";
        int records = produce(history(prefix, 40));

        List<String> before;
        try (TenantStoreProcess app = TenantStoreProcess.start(broker, postgres, "replay-1.log", Map.of())) {
            awaitCaughtUp();
            before = snapshot(prefix);
            app.stop();
        }
        assertThat(before).isNotEmpty();

        // README "Replaying clerk.events", run as written, with the service stopped
        String command = TenantStoreProcess.readmeCommand("Replaying clerk.events",
                "java -cp \"$(cat kafka-broker/target/classes/kafka-broker.classpath)\"");
        ProcessBuilder reset = new ProcessBuilder("bash", "-c", command).directory(Path.of("..").toFile())
                .redirectErrorStream(true).redirectOutput(Path.of("target", "replay-reset.log").toFile());
        reset.environment().put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        reset.environment().put("KAFKA_CLIENT_CONFIG", broker.adminSettings()
                .writeClientConfig(Path.of("target", "kafka-admin.properties")).toAbsolutePath().toString());
        assertThat(reset.start().waitFor()).as("exit code of the README's reset; see target/replay-reset.log")
                .isZero();
        assertThat(committedOffset()).isZero();

        try (TenantStoreProcess app = TenantStoreProcess.start(broker, postgres, "replay-2.log", Map.of())) {
            awaitCaughtUp();
            // every record was read again (and recognised by its svix-id), and the tables are the same
            assertThat(app.metric("tenant_store_events_total", "duplicate")).isEqualTo(records);
            assertThat(snapshot(prefix)).isEqualTo(before);
            app.stop();
        }
    }

    @Test
    @Order(2)
    void killedInTheMiddleOfAStreamLosesNothing() throws Exception {
        String prefix = "k" + UUID.randomUUID().toString().substring(0, 6) + "_";
        int users = 300;
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            events.add(ClerkEvents.user(prefix + "user_" + i, 2_000, "final" + i + "@example.com"));
            events.add(ClerkEvents.user(prefix + "user_" + i, 1_000, "first" + i + "@example.com"));
        }
        produceAll(events);
        // small batches and frequent commits: the kill lands between committed and uncommitted work
        Map<String, String> slow = Map.of("mp.messaging.incoming.clerk-events.max.poll.records", "10",
                "mp.messaging.incoming.clerk-events.auto.commit.interval.ms", "200",
                "mp.messaging.incoming.clerk-events.session.timeout.ms", "6000");
        try (TenantStoreProcess app = TenantStoreProcess.start(broker, postgres, "kill-1.log", slow)) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> count("SELECT count(*) FROM users WHERE id LIKE '" + prefix + "%'") > 0);
            app.kill();
        }
        try (TenantStoreProcess app = TenantStoreProcess.start(broker, postgres, "kill-2.log", slow)) {
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(count(
                    "SELECT count(*) FROM users WHERE id LIKE '" + prefix + "%' AND primary_email LIKE 'final%'"))
                    .isEqualTo(users));
            awaitCaughtUp();
            assertThat(app.metric("tenant_store_events_total", "dead_lettered")).isZero();
            app.stop();
        }
    }

    private List<Event> history(String prefix, int organizations) {
        Random random = new Random(42);
        List<Event> events = new ArrayList<>();
        for (int o = 0; o < organizations; o++) {
            String org = prefix + "org_" + o;
            events.add(ClerkEvents.organization(org, 1_000 + o, "Org " + o));
            events.add(ClerkEvents.organization(org, 2_000 + o, "Org " + o + " renamed"));
            for (int u = 0; u < 3; u++) {
                String user = prefix + "user_" + o + "_" + u;
                events.add(ClerkEvents.user(user, 1_000 + u, user + "@example.com"));
                events.add(ClerkEvents.membership(org, user, "orgmem_" + o + "_" + u, 1_500 + u, "org:member"));
            }
            if (o % 5 == 0) {
                events.add(ClerkEvents.organizationDeleted(org, 3_000));
            }
        }
        List<Event> withDuplicates = new ArrayList<>(events);
        for (int i = 0; i < events.size() / 10; i++) {
            withDuplicates.add(ClerkEvents.redelivery(events.get(random.nextInt(events.size()))));
        }
        Collections.shuffle(withDuplicates, random);
        return withDuplicates;
    }

    private int produce(List<Event> events) {
        produceAll(events);
        return events.size();
    }

    private void produceAll(List<Event> events) {
        try (KafkaTopicWriter writer = new KafkaTopicWriter(broker.adminSettings())) {
            for (Event event : events) {
                writer.send(TOPIC, event.key(), event.body(), Map.of("svix-id", event.svixId(),
                        "clerk-event-type", event.type(), "event-source", "clerk"));
            }
        }
    }

    private void awaitCaughtUp() {
        await("consumer group caught up").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> committedOffset() == endOffset());
    }

    private Admin admin() {
        return Admin.create(broker.adminSettings().clientProperties());
    }

    private long committedOffset() throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get();
            return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(TOPIC))
                    .mapToLong(e -> e.getValue() == null ? 0 : e.getValue().offset()).sum();
        }
    }

    private long endOffset() throws Exception {
        try (Admin admin = admin()) {
            int partitions = admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC).partitions().size();
            Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
            for (int p = 0; p < partitions; p++) {
                request.put(new TopicPartition(TOPIC, p), OffsetSpec.latest());
            }
            return admin.listOffsets(request).all().get().values().stream()
                    .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
        }
    }

    private List<String> snapshot(String prefix) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection connection = jdbc(); Statement statement = connection.createStatement()) {
            for (String query : List.of(
                    "SELECT row_to_json(t)::text FROM users t WHERE id LIKE '" + prefix + "%' ORDER BY id",
                    "SELECT row_to_json(t)::text FROM organizations t WHERE id LIKE '" + prefix + "%' ORDER BY id",
                    "SELECT row_to_json(t)::text FROM organization_memberships t WHERE organization_id LIKE '"
                            + prefix + "%' ORDER BY organization_id, user_id")) {
                try (ResultSet result = statement.executeQuery(query)) {
                    while (result.next()) {
                        rows.add(result.getString(1));
                    }
                }
            }
        }
        return rows;
    }

    private long count(String sql) throws Exception {
        try (Connection connection = jdbc(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    private Connection jdbc() throws Exception {
        return DriverManager.getConnection("jdbc:" + postgres.url(), PostgresServer.USER, PostgresServer.PASSWORD);
    }
}
