package com.fleetfusion.store.messaging;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import jakarta.inject.Singleton;

import org.apache.kafka.common.header.Headers;
import org.jboss.logging.Logger;

import com.fleetfusion.events.ClerkEventRecords;
import com.fleetfusion.events.EventSigner;
import com.fleetfusion.events.EventVersions;
import com.fleetfusion.events.EventsConfig;
import com.fleetfusion.store.model.EventRecordValue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;

/**
 * Decides, before anything else, whether a {@code clerk.events} record may be applied at all: Kafka is not a trusted
 * boundary, so a record needs a valid {@code event-signature} under one of {@code EVENTS_SIGNING_KEYS}, and its
 * version may not be more than {@code EVENTS_MAX_FUTURE} ahead of this clock (a far-future version would pin the row
 * for ever under last-writer-wins). A refused record is counted ({@code tenant_store_events_rejected_total{reason}})
 * and logged without its value; the consumer dead-letters it with the reason.
 */
@Startup
@Singleton
public class ClerkEventRecordGuard {

    private static final Logger LOG = Logger.getLogger(ClerkEventRecordGuard.class);

    private final EventSigner signer;
    private final Duration maxFuture;
    private final Map<String, Counter> rejected = new HashMap<>();

    public ClerkEventRecordGuard(EventsConfig config, MeterRegistry registry) {
        // refuses to start on a missing or short key (the message names the setting, never the key)
        this.signer = EventSigner.ofKeys(config.signingKeys());
        this.maxFuture = config.maxFuture();
        for (String reason : new String[] { ClerkEventRecords.REASON_SIGNATURE,
                ClerkEventRecords.REASON_FUTURE_VERSION }) {
            rejected.put(reason, Counter.builder("tenant_store.events.rejected")
                    .description("clerk.events records refused before applying, by reason").tag("reason", reason)
                    .register(registry));
        }
    }

    /** Why the record must not be applied ({@code signature}, {@code future-version}), or null when it may be. */
    public String rejection(KafkaRecord<String, EventRecordValue> record, EventRecordValue value, long nowMillis) {
        Headers headers = record.getHeaders();
        String svixId = ClerkEventDeserializer.header(headers, ClerkEventRecords.SVIX_ID);
        if (!signer.verify(ClerkEventDeserializer.header(headers, ClerkEventRecords.EVENT_SIGNATURE), svixId,
                ClerkEventDeserializer.header(headers, ClerkEventRecords.EVENT_SOURCE), ClerkEventDeserializer.header(headers, ClerkEventRecords.EVENT_TYPE),
                record.getKey(), value.raw())) {
            return reject(record, svixId, ClerkEventRecords.REASON_SIGNATURE, "no valid event-signature");
        }
        if (value.event() != null && value.event().change() != null
                && EventVersions.isTooFarAhead(value.event().change().version(), nowMillis, maxFuture)) {
            return reject(record, svixId, ClerkEventRecords.REASON_FUTURE_VERSION,
                    "version " + value.event().change().version() + " is more than " + maxFuture + " ahead");
        }
        return null;
    }

    private String reject(KafkaRecord<String, EventRecordValue> record, String svixId, String reason, String why) {
        rejected.get(reason).increment();
        LOG.warnf("refusing %s-%d@%d (svix-id %s): %s", record.getTopic(), record.getPartition(),
                DeadLetterPublisher.offset(record), svixId, why);
        return reason;
    }
}
