package com.fleetfusion.store.messaging;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Sends a record that cannot be applied to {@code clerk.events.dlq}: the original key, value and headers, plus
 * {@code dead-letter-reason} and where the record came from (the header names of SmallRye's own dead-letter queue).
 * The returned Uni completes when the broker has the record, so its source offset is committed only after that.
 */
@ApplicationScoped
public class DeadLetterPublisher {

    public static final String REASON_HEADER = "dead-letter-reason";

    @Inject
    @Channel("clerk-events-dlq")
    MutinyEmitter<byte[]> emitter;

    /** @param value the source record's value as received (null: none) */
    public Uni<Void> send(KafkaRecord<String, ?> source, byte[] value, String reason) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : source.getHeaders()) {
            headers.add(header);
        }
        headers.add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-topic", source.getTopic().getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-partition", Integer.toString(source.getPartition()).getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-offset", Long.toString(offset(source)).getBytes(StandardCharsets.UTF_8));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(source.getKey())
                .withHeaders(headers)
                .build();
        return emitter.sendMessage(Message.of(value == null ? new byte[0] : value).addMetadata(metadata));
    }

    static long offset(KafkaRecord<?, ?> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class).map(IncomingKafkaRecordMetadata::getOffset)
                .orElse(-1L);
    }
}
