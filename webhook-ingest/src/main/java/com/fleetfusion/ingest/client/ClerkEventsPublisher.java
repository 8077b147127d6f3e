package com.fleetfusion.ingest.client;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import com.fleetfusion.ingest.config.IngestConfig;
import com.fleetfusion.ingest.model.WebhookRejectedException;
import com.fleetfusion.ingest.service.IngestMetrics;

import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

/**
 * Publishes records to Kafka and completes only when the brokers acknowledged them ({@code acks=all}, idempotent
 * producer), or fails within {@code ingest.kafka.publish-timeout}.
 *
 * <p>A plain Kafka producer rather than a Reactive Messaging emitter: the HTTP answer must wait for this record's
 * acknowledgement with hard time bounds, and a failed send must not mark the whole application unhealthy.
 */
@Startup
@Singleton
public class ClerkEventsPublisher {

    /** A send through the sender thread waits at most this long for acknowledged traffic before going inline again. */
    static final long INLINE_AFTER_ACK_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** Room counted for a record's key, headers and batch overhead next to its value. */
    public static final int RECORD_OVERHEAD_BYTES = 1024;

    private final Producer<byte[], byte[]> producer;
    // send() may block up to max.block.ms (no metadata yet, full buffer): then never on the event loop
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "clerk-events-sender");
        thread.setDaemon(true);
        return thread;
    });
    private final Duration publishTimeout;
    private final IngestMetrics metrics;
    /** Per topic: System.nanoTime() of the last acknowledgement (the producer then has the topic's metadata). */
    private final Map<String, AtomicLong> acknowledgedAt = new ConcurrentHashMap<>();
    /** Bytes handed to the producer and not yet acknowledged or failed. */
    private final AtomicLong unacknowledgedBytes = new AtomicLong();
    /** Inline sends keep the producer's buffer at most half full, so that send() cannot wait for buffer space. */
    private final long inlineBudgetBytes;

    ClerkEventsPublisher(@Identifier("default-kafka-broker") Map<String, Object> kafka, IngestConfig config,
            IngestMetrics metrics) {
        Map<String, Object> properties = producerConfig(kafka, config.kafka());
        this.producer = new KafkaProducer<>(properties);
        this.publishTimeout = config.kafka().publishTimeout();
        this.metrics = metrics;
        this.inlineBudgetBytes = Long.parseLong(String.valueOf(
                properties.getOrDefault(ProducerConfig.BUFFER_MEMORY_CONFIG, 32L * 1024 * 1024))) / 2;
    }

    /**
     * Sends {@code record}; the Uni completes on acknowledgement and fails with {@link WebhookRejectedException.KafkaUnavailable}
     * (or {@link WebhookRejectedException.RecordTooLarge}) otherwise.
     *
     * <p>{@code send()} itself only appends to the producer's buffer, unless it has to wait for the topic's metadata
     * (first send, or the topic unused for {@code metadata.max.idle.ms}, 5 min) or for buffer space. So it runs on
     * the caller's thread (the event loop), saving a thread hop, when the topic had an acknowledgement in the last
     * minute and the unacknowledged bytes stay under half the buffer; otherwise on the sender thread, where it may
     * block for {@code max.block.ms}.
     */
    public Uni<Void> publish(ProducerRecord<byte[], byte[]> record) {
        return publish(record, () -> null);
    }

    /**
     * As {@link #publish(ProducerRecord)}, completing with {@code onAcknowledged}'s value, which the producer's callback
     * computes on acknowledgement: the caller's follow-up needs no Mutiny stage of its own (each stage captures and
     * restores the thread contexts).
     */
    public <T> Uni<T> publish(ProducerRecord<byte[], byte[]> record, Supplier<T> onAcknowledged) {
        return Uni.createFrom().<T>emitter(emitter -> {
            int size = record.value().length + RECORD_OVERHEAD_BYTES;
            long pending = unacknowledgedBytes.addAndGet(size);
            if (pending <= inlineBudgetBytes && metadataKnown(record.topic())) {
                send(record, size, emitter, onAcknowledged);
                return;
            }
            try {
                sender.execute(() -> send(record, size, emitter, onAcknowledged));
            } catch (RejectedExecutionException shuttingDown) {
                unacknowledgedBytes.addAndGet(-size);
                emitter.fail(rejection(shuttingDown));
            }
        })
                .ifNoItem().after(publishTimeout)
                .failWith(() -> new WebhookRejectedException.KafkaUnavailable(
                        new TimeoutException("no acknowledgement within " + publishTimeout)));
    }

    private boolean metadataKnown(String topic) {
        AtomicLong at = acknowledgedAt.get(topic);
        return at != null && System.nanoTime() - at.get() < INLINE_AFTER_ACK_NANOS;
    }

    private <T> void send(ProducerRecord<byte[], byte[]> record, int size, UniEmitter<? super T> emitter,
            Supplier<T> onAcknowledged) {
        long start = System.nanoTime();
        try {
            producer.send(record, (metadata, failure) -> {
                long now = System.nanoTime();
                unacknowledgedBytes.addAndGet(-size);
                metrics.published(record.topic(), failure == null, now - start);
                if (failure == null) {
                    acknowledgedAt.computeIfAbsent(record.topic(), topic -> new AtomicLong()).lazySet(now);
                    T value;
                    try {
                        value = onAcknowledged.get();
                    } catch (RuntimeException bug) {
                        emitter.fail(bug);
                        return;
                    }
                    emitter.complete(value);
                } else {
                    emitter.fail(rejection(failure));
                }
            });
        } catch (RuntimeException failure) {
            unacknowledgedBytes.addAndGet(-size);
            metrics.published(record.topic(), false, System.nanoTime() - start);
            emitter.fail(rejection(failure));
        }
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
        sender.shutdown();
    }

    private static RuntimeException rejection(Throwable failure) {
        if (failure instanceof WebhookRejectedException rejected) {
            return rejected;
        }
        if (failure instanceof RecordTooLargeException) {
            return new WebhookRejectedException.RecordTooLarge(failure);
        }
        return new WebhookRejectedException.KafkaUnavailable(failure);
    }

    static Map<String, Object> producerConfig(Map<String, Object> kafka, IngestConfig.Kafka config) {
        Map<String, Object> properties = new HashMap<>();
        // everything under kafka.* that a producer understands: bootstrap servers, TLS/SASL settings of production
        kafka.forEach((key, value) -> {
            if (ProducerConfig.configNames().contains(key)) {
                properties.put(key, value);
            }
        });
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "webhook-ingest");
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) config.maxBlock().toMillis());
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) config.requestTimeout().toMillis());
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) config.deliveryTimeout().toMillis());
        properties.put(ProducerConfig.LINGER_MS_CONFIG, (int) config.linger().toMillis());
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, config.batchSize());
        properties.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, config.maxRequestSize());
        return properties;
    }
}
