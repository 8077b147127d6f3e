package com.fleetfusion.store;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fleetfusion.testsupport.KafkaResource;

/** Reads everything currently in {@code clerk.events.dlq} (no consumer group, from the beginning). */
final class DeadLetterTopic {

    record DeadLetter(String key, String value, Map<String, String> headers) {
    }

    private DeadLetterTopic() {
    }

    static List<DeadLetter> records() {
        Properties config = new Properties();
        config.putAll(KafkaResource.adminSettings().clientProperties());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "dlq-reader-" + UUID.randomUUID());
        List<DeadLetter> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor("clerk.events.dlq", Duration.ofSeconds(10))
                    .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    Map<String, String> headers = new java.util.LinkedHashMap<>();
                    for (Header header : record.headers()) {
                        headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
                    }
                    records.add(new DeadLetter(record.key(),
                            record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8),
                            headers));
                }
            }
        }
        return records;
    }

    static List<DeadLetter> withKeyContaining(String fragment) {
        return records().stream().filter(r -> r.key() != null && r.key().contains(fragment))
                .collect(Collectors.toList());
    }
}
