package com.fleetfusion.ingest.client;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

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

/**
 * Publishes records to Kafka and completes only when the brokers acknowledged them ({@code acks=all}, idempotent
 * producer), or fails within {@code ingest.kafka.publish-timeout}.
 *
 * <p>A plain Kafka producer rather than a Reactive Messaging emitter: the HTTP answer must wait for this record's
 * acknowledgement with hard time bounds, and a failed send must not mark the whole application unhealthy.
 */
@Startup
@ApplicationScoped
public class ClerkEventsPublisher {

    private final Producer<byte[], byte[]> producer;
    // send() may block up to max.block.ms (no metadata yet, full buffer): never on the event loop
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "clerk-events-sender");
        thread.setDaemon(true);
        return thread;
    });
    private final Duration publishTimeout;
    private final IngestMetrics metrics;

    ClerkEventsPublisher(@Identifier("default-kafka-broker") Map<String, Object> kafka, IngestConfig config,
            IngestMetrics metrics) {
        this.producer = new KafkaProducer<>(producerConfig(kafka, config.kafka()));
        this.publishTimeout = config.kafka().publishTimeout();
        this.metrics = metrics;
    }

    /**
     * Sends {@code record}; the Uni completes on acknowledgement and fails with {@link WebhookRejectedException.KafkaUnavailable}
     * (or {@link WebhookRejectedException.RecordTooLarge}) otherwise.
     */
    public Uni<Void> publish(ProducerRecord<byte[], byte[]> record) {
        return Uni.createFrom().<Void>emitter(emitter -> {
            long start = System.nanoTime();
            try {
                producer.send(record, (metadata, failure) -> {
                    metrics.published(record.topic(), failure == null, System.nanoTime() - start);
                    if (failure == null) {
                        emitter.complete(null);
                    } else {
                        emitter.fail(failure);
                    }
                });
            } catch (RuntimeException failure) {
                metrics.published(record.topic(), false, System.nanoTime() - start);
                emitter.fail(failure);
            }
        })
                .runSubscriptionOn(sender)
                .ifNoItem().after(publishTimeout).failWith(TimeoutException::new)
                .onFailure().transform(ClerkEventsPublisher::rejection);
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
