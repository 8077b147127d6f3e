package com.fleetfusion.ingest.service;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

import com.fleetfusion.ingest.client.ClerkEventsPublisher;
import com.fleetfusion.ingest.config.IngestConfig;
import com.fleetfusion.ingest.model.ClerkEventRoute;
import com.fleetfusion.ingest.model.IngestOutcome;
import com.fleetfusion.ingest.model.SvixHeaders;
import com.fleetfusion.ingest.model.WebhookDelivery;
import com.fleetfusion.ingest.model.WebhookRejectedException;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.smallrye.mutiny.Uni;

/**
 * The path of one webhook delivery: verify the Svix signature, skip a recent duplicate, then publish the raw body to
 * {@code clerk.events} (or, when it is genuine but not a usable Clerk event, to {@code clerk.events.dlq}) and complete
 * only once the brokers acknowledged it.
 */
@ApplicationScoped
public class WebhookIngestService {

    public static final String EVENT_TYPE_HEADER = "clerk-event-type";
    public static final String INGESTED_AT_HEADER = "ingested-at";
    public static final String EVENT_SOURCE_HEADER = "event-source";
    public static final String DEAD_LETTER_REASON_HEADER = "dead-letter-reason";
    public static final String EVENT_SOURCE = "clerk";

    private final SvixSignatureVerifier verifier;
    private final ClerkEventClassifier classifier;
    private final RecentDeliveries recent;
    private final ClerkEventsPublisher publisher;
    private final IngestMetrics metrics;
    private final IngestConfig.Kafka kafka;
    private final TextMapPropagator tracePropagator;

    WebhookIngestService(SvixSignatureVerifier verifier, ClerkEventClassifier classifier, RecentDeliveries recent,
            ClerkEventsPublisher publisher, IngestMetrics metrics, IngestConfig config, OpenTelemetry telemetry) {
        this.verifier = verifier;
        this.classifier = classifier;
        this.recent = recent;
        this.publisher = publisher;
        this.metrics = metrics;
        this.kafka = config.kafka();
        // a no-op unless tracing is on (OTEL_SDK_DISABLED=false)
        this.tracePropagator = telemetry.getPropagators().getTextMapPropagator();
    }

    /**
     * Fails with a {@link WebhookRejectedException} when the delivery is refused or cannot be made durable (counted by
     * the exception mapper, which sees every refusal); the 2xx outcomes are counted here.
     */
    public Uni<IngestOutcome> ingest(WebhookDelivery delivery) {
        SvixHeaders headers = delivery.headers();
        try {
            verifier.verify(headers, delivery.body(), delivery.receivedAtMillis());
        } catch (WebhookRejectedException rejected) {
            return Uni.createFrom().failure(rejected);
        }
        metrics.delay(delivery.receivedAtMillis(), headers.epochSeconds());
        if (recent.publishedRecently(headers.id())) {
            metrics.delivered(IngestOutcome.DUPLICATE, "svix_id_seen");
            return Uni.createFrom().item(IngestOutcome.DUPLICATE);
        }
        ClerkEventRoute route = classifier.classify(delivery.body());
        IngestOutcome outcome = route instanceof ClerkEventRoute.Usable ? IngestOutcome.ACCEPTED : IngestOutcome.DEAD_LETTERED;
        String reason = route instanceof ClerkEventRoute.Unusable unusable ? unusable.reason() : "verified";
        return publisher.publish(record(delivery, route))
                .map(acknowledged -> {
                    recent.rememberPublished(headers.id());
                    metrics.delivered(outcome, reason);
                    return outcome;
                });
    }

    private ProducerRecord<byte[], byte[]> record(WebhookDelivery delivery, ClerkEventRoute route) {
        SvixHeaders svix = delivery.headers();
        ProducerRecord<byte[], byte[]> record;
        if (route instanceof ClerkEventRoute.Usable usable) {
            record = new ProducerRecord<>(kafka.topic(), utf8(usable.key()), delivery.body());
        } else {
            // keyed by the message id: the dead letter has no object key, and a replay finds it by svix-id
            record = new ProducerRecord<>(kafka.deadLetterTopic(), utf8(svix.id()), delivery.body());
            record.headers().add(DEAD_LETTER_REASON_HEADER, utf8(((ClerkEventRoute.Unusable) route).reason()));
        }
        Headers headers = record.headers();
        headers.add(SvixHeaders.ID, utf8(svix.id()));
        headers.add(SvixHeaders.TIMESTAMP, utf8(svix.timestamp()));
        headers.add(SvixHeaders.SIGNATURE, utf8(svix.signature()));
        if (route.eventType() != null) {
            headers.add(EVENT_TYPE_HEADER, utf8(route.eventType()));
        }
        headers.add(INGESTED_AT_HEADER, utf8(Long.toString(delivery.receivedAtMillis())));
        headers.add(EVENT_SOURCE_HEADER, utf8(EVENT_SOURCE));
        // the delivery's trace continues in tenant-store's consumer: W3C traceparent in the record headers
        tracePropagator.inject(Context.current(), headers, (carrier, name, value) -> carrier.add(name, utf8(value)));
        return record;
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
