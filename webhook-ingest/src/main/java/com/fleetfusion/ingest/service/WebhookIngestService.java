package com.fleetfusion.ingest.service;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.inject.Singleton;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.jboss.logging.Logger;

import com.fleetfusion.events.ClerkEventRecords;
import com.fleetfusion.events.EventSigner;
import com.fleetfusion.events.EventVersions;
import com.fleetfusion.events.EventsConfig;
import com.fleetfusion.events.PrivateMetadataRedactor;
import com.fleetfusion.events.TooLargeDeadLetter;
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
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;

/**
 * The path of one webhook delivery: verify the Svix signature over the raw bytes, skip a recent duplicate, remove
 * {@code private_metadata}, sign the record ({@code event-signature}), then publish it to {@code clerk.events} (or,
 * when it is genuine but not a usable Clerk event, to {@code clerk.events.dlq}) and complete only once the brokers
 * acknowledged it.
 *
 * <p>Genuine deliveries are answered 2xx even when their data is not usable, so that Svix stops retrying: a version
 * more than {@code EVENTS_MAX_FUTURE} ahead of the clock is dead-lettered ({@code future-version}); a body too large
 * for a record (the configured limit, or the broker's refusal) becomes a small dead letter naming it
 * ({@code too-large}) for reconciliation or an operator to fetch the object from Clerk.
 */
@Startup // a missing or short EVENTS_SIGNING_KEYS stops the start, not the first delivery
@Singleton
public class WebhookIngestService {

    private static final Logger LOG = Logger.getLogger(WebhookIngestService.class);

    private final SvixSignatureVerifier verifier;
    private final ClerkEventClassifier classifier;
    private final RecentDeliveries recent;
    private final ClerkEventsPublisher publisher;
    private final IngestMetrics metrics;
    private final IngestConfig.Kafka kafka;
    private final TextMapPropagator tracePropagator;
    private final PrivateMetadataRedactor redactor = new PrivateMetadataRedactor();
    private final EventSigner signer;
    private final Duration maxFuture;

    WebhookIngestService(SvixSignatureVerifier verifier, ClerkEventClassifier classifier, RecentDeliveries recent,
            ClerkEventsPublisher publisher, IngestMetrics metrics, IngestConfig config, EventsConfig events,
            OpenTelemetry telemetry) {
        this.verifier = verifier;
        this.classifier = classifier;
        this.recent = recent;
        this.publisher = publisher;
        this.metrics = metrics;
        this.kafka = config.kafka();
        this.signer = EventSigner.ofKeys(events.signingKeys());
        this.maxFuture = events.maxFuture();
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
        ClerkEventClassifier.Classification classified = classifier.classifyAndDate(delivery.body());
        ClerkEventRoute route = classified.route();
        if (lineBreakIn(route.eventType()) || route instanceof ClerkEventRoute.Usable usable && lineBreakIn(usable.key())) {
            // the signed layout is line-based: such a record could not be signed unambiguously (Clerk never sends it)
            route = new ClerkEventRoute.Unusable(null, "line_break_in_id");
        }
        if (route instanceof ClerkEventRoute.Usable && EventVersions.isTooFarAhead(
                classified.newestTime(), delivery.receivedAtMillis(), maxFuture)) {
            route = new ClerkEventRoute.Unusable(route.eventType(), ClerkEventRecords.REASON_FUTURE_VERSION);
        }
        byte[] value = redactor.redact(delivery.body());
        if (value.length + ClerkEventsPublisher.RECORD_OVERHEAD_BYTES > kafka.maxRequestSize()) {
            return tooLarge(delivery, route);
        }
        ClerkEventRoute decided = route;
        return publish(record(delivery, decided, value), decided)
                .onFailure(WebhookRejectedException.RecordTooLarge.class)
                .recoverWithUni(() -> tooLarge(delivery, decided));
    }

    private Uni<IngestOutcome> publish(ProducerRecord<byte[], byte[]> record, ClerkEventRoute route) {
        IngestOutcome outcome = route instanceof ClerkEventRoute.Usable ? IngestOutcome.ACCEPTED
                : IngestOutcome.DEAD_LETTERED;
        String reason = route instanceof ClerkEventRoute.Unusable unusable ? unusable.reason() : "verified";
        String svixId = new String(record.headers().lastHeader(ClerkEventRecords.SVIX_ID).value(),
                StandardCharsets.UTF_8);
        return publisher.publish(record, () -> {
            recent.rememberPublished(svixId);
            metrics.delivered(outcome, reason);
            return outcome;
        });
    }

    /** The delivery is genuine but cannot be a record: a small dead letter names it instead. */
    private Uni<IngestOutcome> tooLarge(WebhookDelivery delivery, ClerkEventRoute route) {
        String objectId = route instanceof ClerkEventRoute.Usable usable ? usable.key() : null;
        LOG.warnf("delivery %s (%s, object %s) of %d bytes is too large for a record: dead-lettered as %s",
                delivery.headers().id(), route.eventType(), objectId, delivery.body().length,
                ClerkEventRecords.REASON_TOO_LARGE);
        TooLargeDeadLetter letter = new TooLargeDeadLetter(delivery.headers().id(), route.eventType(), objectId,
                delivery.body().length);
        ClerkEventRoute tooLarge = new ClerkEventRoute.Unusable(route.eventType(), ClerkEventRecords.REASON_TOO_LARGE);
        return publish(record(delivery, tooLarge, letter.toJson()), tooLarge);
    }

    /** The signed record of {@code value} (already redacted) on the topic the route decides. */
    private ProducerRecord<byte[], byte[]> record(WebhookDelivery delivery, ClerkEventRoute route, byte[] value) {
        SvixHeaders svix = delivery.headers();
        ProducerRecord<byte[], byte[]> record;
        String key;
        if (route instanceof ClerkEventRoute.Usable usable) {
            key = usable.key();
            record = new ProducerRecord<>(kafka.topic(), utf8(key), value);
        } else {
            // keyed by the message id: the dead letter has no object key, and a replay finds it by svix-id
            key = svix.id();
            record = new ProducerRecord<>(kafka.deadLetterTopic(), utf8(key), value);
            record.headers().add(ClerkEventRecords.DEAD_LETTER_REASON,
                    utf8(((ClerkEventRoute.Unusable) route).reason()));
        }
        Headers headers = record.headers();
        headers.add(ClerkEventRecords.SVIX_ID, utf8(svix.id()));
        headers.add(ClerkEventRecords.SVIX_TIMESTAMP, utf8(svix.timestamp()));
        headers.add(ClerkEventRecords.SVIX_SIGNATURE, utf8(svix.signature()));
        if (route.eventType() != null) {
            headers.add(ClerkEventRecords.EVENT_TYPE, utf8(route.eventType()));
        }
        headers.add(ClerkEventRecords.INGESTED_AT, utf8(Long.toString(delivery.receivedAtMillis())));
        headers.add(ClerkEventRecords.EVENT_SOURCE, utf8(ClerkEventRecords.SOURCE_CLERK));
        headers.add(ClerkEventRecords.EVENT_SIGNATURE, utf8(signer.sign(svix.id(), ClerkEventRecords.SOURCE_CLERK,
                route.eventType(), key, value)));
        // the delivery's trace continues in tenant-store's consumer: W3C traceparent in the record headers
        tracePropagator.inject(Context.current(), headers, (carrier, name, text) -> carrier.add(name, utf8(text)));
        return record;
    }

    private static boolean lineBreakIn(String text) {
        return text != null && text.indexOf('\n') >= 0;
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
