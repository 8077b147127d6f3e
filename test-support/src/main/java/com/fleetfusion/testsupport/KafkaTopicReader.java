package com.fleetfusion.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads every record of a topic, from the beginning up to its current end, with key, value and headers as bytes.
 * Each call is a short-lived consumer with no group (nothing committed, no side effect on the topic, which it never
 * creates), so it suits Awaitility: {@code await().until(() -> reader.records("t"), hasSize(3))}.
 */
public final class KafkaTopicReader {

    private final KafkaClientSettings kafka;
    private final Duration timeout;

    public KafkaTopicReader(String bootstrapServers) {
        this(KafkaClientSettings.plaintext(bootstrapServers));
    }

    public KafkaTopicReader(KafkaClientSettings kafka) {
        this(kafka, Duration.ofSeconds(10));
    }

    /** {@code timeout} bounds one call (metadata and reads); a call that runs out returns what it read so far. */
    public KafkaTopicReader(KafkaClientSettings kafka, Duration timeout) {
        this.kafka = kafka;
        this.timeout = timeout;
    }

    /** A reader of the broker the tests use ({@link KafkaResource#adminSettings()}). */
    public static KafkaTopicReader ofTestBroker() {
        return new KafkaTopicReader(KafkaResource.adminSettings());
    }

    /** All records of {@code topic} in partition then offset order; empty when the topic does not exist (yet). */
    public List<TopicRecord> records(String topic) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, timeout);
            if (partitions == null || partitions.isEmpty()) {
                return List.of();
            }
            List<TopicPartition> assigned = partitions.stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned, timeout);
            List<TopicRecord> records = new ArrayList<>();
            while (!reachedEnd(consumer, end) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        records.add(TopicRecord.of(record));
                    }
                }
            }
            records.sort((a, b) -> a.partition() != b.partition()
                    ? Integer.compare(a.partition(), b.partition()) : Long.compare(a.offset(), b.offset()));
            return Collections.unmodifiableList(records);
        }
    }

    /** The records of {@code topic} whose header {@code name} has the UTF-8 value {@code value}. */
    public List<TopicRecord> recordsWithHeader(String topic, String name, String value) {
        return records(topic).stream().filter(r -> value.equals(r.header(name))).toList();
    }

    private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private Properties properties() {
        Properties properties = new Properties();
        properties.putAll(kafka.clientProperties());
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "topic-reader-" + UUID.randomUUID());
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        properties.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 5000));
        return properties;
    }

    /** One record as stored: key and value bytes (key may be null) and its headers in order (a name may repeat). */
    public record TopicRecord(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value,
            List<Map.Entry<String, byte[]>> headers) {

        static TopicRecord of(ConsumerRecord<byte[], byte[]> record) {
            List<Map.Entry<String, byte[]>> headers = new ArrayList<>();
            for (Header header : record.headers()) {
                headers.add(Map.entry(header.key(), header.value() == null ? new byte[0] : header.value()));
            }
            return new TopicRecord(record.topic(), record.partition(), record.offset(), record.timestamp(),
                    record.key(), record.value(), List.copyOf(headers));
        }

        public String keyAsString() {
            return key == null ? null : new String(key, StandardCharsets.UTF_8);
        }

        public String valueAsString() {
            return value == null ? null : new String(value, StandardCharsets.UTF_8);
        }

        /** The UTF-8 value of the last header named {@code name}, or null. */
        public String header(String name) {
            String found = null;
            for (Map.Entry<String, byte[]> header : headers) {
                if (header.getKey().equals(name)) {
                    found = new String(header.getValue(), StandardCharsets.UTF_8);
                }
            }
            return found;
        }

        /** Header names to UTF-8 values (the last one wins when a name repeats), in order. */
        public Map<String, String> headerMap() {
            Map<String, String> map = new LinkedHashMap<>();
            headers.forEach(h -> map.put(h.getKey(), new String(h.getValue(), StandardCharsets.UTF_8)));
            return map;
        }
    }
}
