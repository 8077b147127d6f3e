package com.fleetfusion.store.messaging;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fleetfusion.store.model.EventRecordValue;
import com.fleetfusion.store.service.ClerkEventParser;
import com.fleetfusion.store.service.UnapplicableEventException;

/**
 * Parses each {@code clerk.events} record on the Kafka client's polling thread, which reads ahead while the previous
 * batch is in its database transaction: parsing (a third of the event loop's work per event, measured) is then off
 * the path between two transactions. Never throws: a value that cannot be applied comes out with its reason and its
 * bytes, and the consumer dead-letters it.
 */
public class ClerkEventDeserializer implements Deserializer<EventRecordValue> {

    private final ClerkEventParser parser = new ClerkEventParser(new ObjectMapper());

    @Override
    public EventRecordValue deserialize(String topic, byte[] data) {
        return read(data, null, null);
    }

    @Override
    public EventRecordValue deserialize(String topic, Headers headers, byte[] data) {
        return read(data, header(headers, "svix-id"), header(headers, "svix-timestamp"));
    }

    private EventRecordValue read(byte[] data, String svixId, String svixTimestamp) {
        try {
            return new EventRecordValue(data, parser.parse(data, svixId, svixTimestamp), null);
        } catch (UnapplicableEventException e) {
            return new EventRecordValue(data, null, e.getMessage());
        } catch (RuntimeException e) {
            return new EventRecordValue(data, null, "value cannot be read: " + e);
        }
    }

    private static String header(Headers headers, String name) {
        Header header = headers == null ? null : headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
