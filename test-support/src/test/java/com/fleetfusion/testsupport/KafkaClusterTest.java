package com.fleetfusion.testsupport;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three secured brokers as three processes: clerk.events replicated on all of them, and a producer with acks=all
 * keeps writing, and a consumer keeps reading, while one node is down.
 */
class KafkaClusterTest {

    private static KafkaCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = KafkaCluster.createSecured(Files.createTempDirectory("fleetfusion-kafka-cluster-"), 3, 6);
        cluster.start();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void eventsTopicIsReplicatedOnEveryNodeWithAMajorityInSync() throws Exception {
        try (Admin admin = Admin.create(cluster.adminSettings().clientProperties())) {
            TopicDescription events = admin.describeTopics(List.of(KafkaBroker.EVENTS_TOPIC)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(KafkaBroker.EVENTS_TOPIC);
            assertThat(events.partitions()).hasSize(6)
                    .allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, KafkaBroker.EVENTS_TOPIC);
            assertThat(admin.describeConfigs(List.of(topic)).all().get(30, TimeUnit.SECONDS).get(topic)
                    .get("min.insync.replicas").value()).isEqualTo("2");
        }
    }

    @Test
    void aStoppedNodeNeitherLosesNorBlocksAcknowledgedWrites() throws Exception {
        KafkaBroker stopped = cluster.broker(2);
        List<String> written = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            written.addAll(send(producer, "before", 20));
            stopped.stop();
            try {
                written.addAll(send(producer, "during", 20));
            } finally {
                stopped.start();
            }
            written.addAll(send(producer, "after", 20));
        }
        assertThat(readAll()).containsAll(written);
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> properties = new HashMap<>(cluster.clientSettings(KafkaBroker.WEBHOOK_INGEST).clientProperties());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        return new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static List<String> send(KafkaProducer<byte[], byte[]> producer, String label, int count) throws Exception {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String value = label + "-" + i;
            producer.send(new ProducerRecord<>(KafkaBroker.EVENTS_TOPIC, value.getBytes(StandardCharsets.UTF_8),
                    value.getBytes(StandardCharsets.UTF_8))).get(60, TimeUnit.SECONDS);
            values.add(value);
        }
        return values;
    }

    private List<String> readAll() {
        Map<String, Object> properties = new HashMap<>(cluster.adminSettings().clientProperties());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < 6; p++) {
                partitions.add(new TopicPartition(KafkaBroker.EVENTS_TOPIC, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(new String(record.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }
}
