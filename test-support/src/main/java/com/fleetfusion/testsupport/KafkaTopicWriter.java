package com.fleetfusion.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
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

import com.fleetfusion.events.ClerkEventRecords;
import com.fleetfusion.events.EventSigner;

/**
 * Writes records (string key, byte value, string headers) to a topic of a real broker, the way the producers of
 * {@code clerk.events} do: each record is signed ({@code event-signature}) with the tests' key
 * ({@link TestEventKeys}) unless its headers already carry a signature. {@link #sendUnsigned} writes a record as
 * given, as an attacker with access to the brokers would. {@link #send} is asynchronous; {@link #flush()} or
 * {@link #close()} waits for all.
 *
 * <pre>{@code
 * try (KafkaTopicWriter writer = KafkaTopicWriter.ofTestBroker()) {
 *     writer.send("clerk.events", "user_1", body, Map.of("svix-id", "msg_1", "clerk-event-type", "user.created"));
 * }
 * }</pre>
 */
public final class KafkaTopicWriter implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final EventSigner signer;

    public KafkaTopicWriter(String bootstrapServers) {
        this(KafkaClientSettings.plaintext(bootstrapServers));
    }

    public KafkaTopicWriter(KafkaClientSettings kafka) {
        this(kafka, TestEventKeys.signer());
    }

    /** A writer that signs with {@code signer}. */
    public KafkaTopicWriter(KafkaClientSettings kafka, EventSigner signer) {
        Properties config = new Properties();
        config.putAll(kafka.clientProperties());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        this.signer = signer;
    }

    /** A writer to the broker the tests use ({@code KAFKA_BOOTSTRAP_SERVERS} or the shared {@link KafkaBroker}). */
    public static KafkaTopicWriter ofTestBroker() {
        return new KafkaTopicWriter(KafkaResource.adminSettings());
    }

    /** Sends the record signed (unless {@code headers} has an {@code event-signature} already). */
    public Future<RecordMetadata> send(String topic, String key, byte[] value, Map<String, String> headers) {
        return sendUnsigned(topic, key, value, signed(key, value, headers));
    }

    /** Sends the record exactly as given: no signature is added. */
    public Future<RecordMetadata> sendUnsigned(String topic, String key, byte[] value, Map<String, String> headers) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((name, headerValue) -> record.headers().add(name, headerValue.getBytes(StandardCharsets.UTF_8)));
        return producer.send(record);
    }

    /** Sends signed and waits for the broker's acknowledgement. */
    public RecordMetadata sendAndWait(String topic, String key, byte[] value, Map<String, String> headers) {
        return await(topic, send(topic, key, value, headers));
    }

    /** Sends as given and waits for the broker's acknowledgement. */
    public RecordMetadata sendUnsignedAndWait(String topic, String key, byte[] value, Map<String, String> headers) {
        return await(topic, sendUnsigned(topic, key, value, headers));
    }

    /** {@code headers} plus the {@code event-signature} of the record (first key of the signer). */
    public Map<String, String> signed(String key, byte[] value, Map<String, String> headers) {
        if (headers.containsKey(ClerkEventRecords.EVENT_SIGNATURE)) {
            return headers;
        }
        Map<String, String> signed = new LinkedHashMap<>(headers);
        signed.put(ClerkEventRecords.EVENT_SIGNATURE, signer.sign(headers.get(ClerkEventRecords.SVIX_ID),
                headers.get(ClerkEventRecords.EVENT_SOURCE), headers.get(ClerkEventRecords.EVENT_TYPE), key, value));
        return signed;
    }

    private static RecordMetadata await(String topic, Future<RecordMetadata> sent) {
        try {
            return sent.get();
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
