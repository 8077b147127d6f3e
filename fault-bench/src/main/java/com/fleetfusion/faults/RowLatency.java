package com.fleetfusion.faults;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import com.fleetfusion.testsupport.KafkaBroker;
import com.fleetfusion.testsupport.KafkaClientSettings;

/**
 * Webhook-to-row latency of each message: from its record's {@code ingested-at} header (the first record, when a
 * message was delivered more than once) to the start of the transaction that applied it ({@code processed_at} of
 * {@code processed_events}, Postgres's {@code now()}, which the commit follows by the batch's few milliseconds); and
 * the records of the dead-letter topic.
 */
final class RowLatency {

    /** Latencies in ms by the second (since the run's start) the message was ingested. */
    record Result(TreeMap<Integer, long[]> bySecond, long[] all, int unmatched, List<String> deadLettered) {

        static long percentile(long[] sorted, double p) {
            return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
        }
    }

    private RowLatency() {
    }

    static Result measure(KafkaClientSettings admin, String jdbcUrl, String user, String password, String runId,
            long runStartEpochMs) throws Exception {
        Map<String, Long> ingestedAt = new HashMap<>(readHeaders(admin, KafkaBroker.EVENTS_TOPIC, "ingested-at"));
        List<String> dead = new ArrayList<>(readHeaders(admin, KafkaBroker.DEAD_LETTER_TOPIC, "ingested-at").keySet());
        Map<Integer, List<Long>> bySecond = new TreeMap<>();
        List<Long> all = new ArrayList<>();
        int unmatched = 0;
        try (Connection db = DriverManager.getConnection(jdbcUrl, user, password);
                var statement = db.prepareStatement("SELECT svix_id, (extract(epoch FROM processed_at) * 1000)::bigint"
                        + " FROM processed_events WHERE svix_id LIKE ?")) {
            statement.setString(1, "msg_" + runId + "%");
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Long ingested = ingestedAt.get(rows.getString(1));
                    if (ingested == null) {
                        unmatched++;
                        continue;
                    }
                    long latency = Math.max(0, rows.getLong(2) - ingested);
                    all.add(latency);
                    bySecond.computeIfAbsent((int) ((ingested - runStartEpochMs) / 1000), s -> new ArrayList<>())
                            .add(latency);
                }
            }
        }
        TreeMap<Integer, long[]> sortedBySecond = new TreeMap<>();
        bySecond.forEach((second, list) -> sortedBySecond.put(second, sorted(list)));
        return new Result(sortedBySecond, sorted(all), unmatched, dead);
    }

    private static long[] sorted(List<Long> values) {
        long[] array = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(array);
        return array;
    }

    /** svix-id to the smallest value of {@code header} (epoch ms) over every record of {@code topic}. */
    private static Map<String, Long> readHeaders(KafkaClientSettings admin, String topic, String header) {
        Map<String, Long> values = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(admin.clientProperties(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    Header id = record.headers().lastHeader("svix-id");
                    Header at = record.headers().lastHeader(header);
                    if (id != null) {
                        long value = at == null ? Long.MAX_VALUE
                                : Long.parseLong(new String(at.value(), StandardCharsets.UTF_8).trim());
                        values.merge(new String(id.value(), StandardCharsets.UTF_8), value, Math::min);
                    }
                }
            }
        }
        return values;
    }
}
