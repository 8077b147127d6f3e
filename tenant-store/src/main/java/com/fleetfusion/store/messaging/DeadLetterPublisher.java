package com.fleetfusion.store.messaging;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.fleetfusion.events.ClerkEventRecords;
import com.fleetfusion.events.PrivateMetadataRedactor;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Sends a record that cannot be applied to {@code clerk.events.dlq}: the original key, value and headers, plus
 * {@code dead-letter-reason} and where the record came from (the header names of SmallRye's own dead-letter queue).
 * The value is redacted ({@code private_metadata} removed) like every value written to a topic; the original
 * {@code event-signature} is kept, so a dead letter still verifies exactly when its source record did (tenant-store
 * does not vouch for what it refuses). The returned Uni completes when the broker has the record, so its source
 * offset is committed only after that.
 */
@ApplicationScoped
public class DeadLetterPublisher {

    private final PrivateMetadataRedactor redactor = new PrivateMetadataRedactor();

    @Inject
    @Channel("clerk-events-dlq")
    MutinyEmitter<byte[]> emitter;

    /** @param value the source record's value as received (null: none) */
    public Uni<Void> send(KafkaRecord<String, ?> source, byte[] value, String reason) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : source.getHeaders()) {
            headers.add(header);
        }
        headers.add(ClerkEventRecords.DEAD_LETTER_REASON, reason.getBytes(StandardCharsets.UTF_8));
        headers.add(ClerkEventRecords.DEAD_LETTER_TOPIC_HEADER, source.getTopic().getBytes(StandardCharsets.UTF_8));
        headers.add(ClerkEventRecords.DEAD_LETTER_PARTITION,
                Integer.toString(source.getPartition()).getBytes(StandardCharsets.UTF_8));
        headers.add(ClerkEventRecords.DEAD_LETTER_OFFSET,
                Long.toString(offset(source)).getBytes(StandardCharsets.UTF_8));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(source.getKey())
                .withHeaders(headers)
                .build();
        byte[] redacted = redactor.redact(value);
        return emitter.sendMessage(Message.of(redacted == null ? new byte[0] : redacted).addMetadata(metadata));
    }

    static long offset(KafkaRecord<?, ?> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class).map(IncomingKafkaRecordMetadata::getOffset)
                .orElse(-1L);
    }
}
