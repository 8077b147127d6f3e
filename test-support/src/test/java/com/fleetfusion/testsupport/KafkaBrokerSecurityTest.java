package com.fleetfusion.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import static com.fleetfusion.testsupport.KafkaBroker.DEAD_LETTER_TOPIC;
import static com.fleetfusion.testsupport.KafkaBroker.EVENTS_TOPIC;
import static com.fleetfusion.testsupport.KafkaBroker.ONBOARDING_SERVICE;
import static com.fleetfusion.testsupport.KafkaBroker.TENANT_STORE;
import static com.fleetfusion.testsupport.KafkaBroker.WEBHOOK_INGEST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The secured test broker enforces the design's pipeline security: nobody connects without TLS and a SCRAM
 * credential, and each service's principal may do exactly what its ACLs say (write, read, group), nothing else.
 */
class KafkaBrokerSecurityTest {

    private final KafkaBroker broker = KafkaBroker.shared();

    @Test
    void aClientWithoutCredentialsCannotConnect() {
        KafkaClientSettings anonymous = KafkaClientSettings.plaintext(broker.bootstrapServers());
        assertThatThrownBy(() -> clusterId(anonymous)).hasStackTraceContaining("TimeoutException");

        KafkaClientSettings tlsOnly = new KafkaClientSettings(broker.bootstrapServers(), "SSL", null, null, null,
                broker.truststorePem());
        assertThatThrownBy(() -> clusterId(tlsOnly)).hasStackTraceContaining("TimeoutException");
    }

    @Test
    void aWrongPasswordIsRefused() {
        KafkaClientSettings ingest = broker.clientSettings(WEBHOOK_INGEST);
        KafkaClientSettings wrong = new KafkaClientSettings(ingest.bootstrapServers(), ingest.securityProtocol(),
                ingest.saslMechanism(), ingest.username(), "not-" + ingest.password(), ingest.truststorePem());
        assertThatThrownBy(() -> clusterId(wrong)).hasRootCauseInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    void everyPrincipalConnectsWithItsOwnCredentials() throws Exception {
        for (String principal : KafkaBroker.PRINCIPALS) {
            assertThat(clusterId(broker.clientSettings(principal))).as(principal).isNotBlank();
        }
    }

    @Test
    void webhookIngestWritesTheEventsAndTheDeadLetterTopicButReadsNothing() throws Exception {
        assertThat(write(WEBHOOK_INGEST, EVENTS_TOPIC).topic()).isEqualTo(EVENTS_TOPIC);
        assertThat(write(WEBHOOK_INGEST, DEAD_LETTER_TOPIC).topic()).isEqualTo(DEAD_LETTER_TOPIC);
        assertReadRefused(WEBHOOK_INGEST, EVENTS_TOPIC);
        assertWriteRefused(WEBHOOK_INGEST, "other.topic");
    }

    @Test
    void onboardingServiceWritesOnlyTheEventsTopic() throws Exception {
        assertThat(write(ONBOARDING_SERVICE, EVENTS_TOPIC).topic()).isEqualTo(EVENTS_TOPIC);
        assertWriteRefused(ONBOARDING_SERVICE, DEAD_LETTER_TOPIC);
        assertReadRefused(ONBOARDING_SERVICE, EVENTS_TOPIC);
    }

    @Test
    void tenantStoreReadsTheEventsInItsGroupAndWritesOnlyTheDeadLetterTopic() throws Exception {
        write(KafkaBroker.ADMIN, EVENTS_TOPIC);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(TENANT_STORE, TENANT_STORE)) {
            consumer.subscribe(List.of(EVENTS_TOPIC));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> !consumer.poll(Duration.ofMillis(200)).isEmpty());
            consumer.commitSync(Duration.ofSeconds(10));
        }
        assertThat(write(TENANT_STORE, DEAD_LETTER_TOPIC).topic()).isEqualTo(DEAD_LETTER_TOPIC);
        assertWriteRefused(TENANT_STORE, EVENTS_TOPIC);
        assertReadRefused(TENANT_STORE, DEAD_LETTER_TOPIC);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(TENANT_STORE, "another-group")) {
            consumer.subscribe(List.of(EVENTS_TOPIC));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10)))
                    .isInstanceOf(GroupAuthorizationException.class);
        }
    }

    private String clusterId(KafkaClientSettings settings) throws Exception {
        Map<String, Object> config = new HashMap<>(settings.clientProperties());
        config.put("default.api.timeout.ms", 4000);
        config.put("request.timeout.ms", 3000);
        try (Admin admin = Admin.create(config)) {
            return admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS);
        }
    }

    private RecordMetadata write(String principal, String topic) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer(principal)) {
            return producer.send(new ProducerRecord<>(topic, "k".getBytes(StandardCharsets.UTF_8),
                    ("{\"by\":\"" + principal + "\"}").getBytes(StandardCharsets.UTF_8))).get(20, TimeUnit.SECONDS);
        }
    }

    private void assertWriteRefused(String principal, String topic) {
        assertThatThrownBy(() -> write(principal, topic)).as(principal + " writes " + topic)
                .hasCauseInstanceOf(TopicAuthorizationException.class);
    }

    /** A read without a group (assigned partition): only the topic's READ permission is asked. */
    private void assertReadRefused(String principal, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(principal, null)) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            consumer.seekToBeginning(List.of(new TopicPartition(topic, 0)));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10))).as(principal + " reads " + topic)
                    .isInstanceOf(TopicAuthorizationException.class);
        }
    }

    private KafkaProducer<byte[], byte[]> producer(String principal) {
        Map<String, Object> config = new HashMap<>(broker.clientSettings(principal).clientProperties());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private KafkaConsumer<byte[], byte[]> consumer(String principal, String group) {
        Map<String, Object> config = new HashMap<>(broker.clientSettings(principal).clientProperties());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, principal + "-" + UUID.randomUUID());
        if (group != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        }
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
