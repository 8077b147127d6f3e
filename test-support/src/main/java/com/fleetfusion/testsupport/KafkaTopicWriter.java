package com.fleetfusion.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes records (string key, byte value, string headers) to a topic of a real broker, the way the producers of
 * {@code clerk.events} do. {@link #send} is asynchronous; {@link #flush()} or {@link #close()} waits for all.
 *
 * <pre>{@code
 * try (KafkaTopicWriter writer = KafkaTopicWriter.ofTestBroker()) {
 *     writer.send("clerk.events", "user_1", body, Map.of("svix-id", "msg_1", "clerk-event-type", "user.created"));
 * }
 * }</pre>
 */
public final class KafkaTopicWriter implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;

    public KafkaTopicWriter(String bootstrapServers) {
        this(KafkaClientSettings.plaintext(bootstrapServers));
    }

    public KafkaTopicWriter(KafkaClientSettings kafka) {
        Properties config = new Properties();
        config.putAll(kafka.clientProperties());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /** A writer to the broker the tests use ({@code KAFKA_BOOTSTRAP_SERVERS} or the shared {@link KafkaBroker}). */
    public static KafkaTopicWriter ofTestBroker() {
        return new KafkaTopicWriter(KafkaResource.adminSettings());
    }

    public Future<RecordMetadata> send(String topic, String key, byte[] value, Map<String, String> headers) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((name, headerValue) -> record.headers().add(name, headerValue.getBytes(StandardCharsets.UTF_8)));
        return producer.send(record);
    }

    /** Sends and waits for the broker's acknowledgement. */
    public RecordMetadata sendAndWait(String topic, String key, byte[] value, Map<String, String> headers) {
        try {
            return send(topic, key, value, headers).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot write to " + topic, e.getCause());
        }
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
