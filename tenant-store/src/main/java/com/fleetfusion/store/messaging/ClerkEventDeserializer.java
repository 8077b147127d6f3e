package com.fleetfusion.store.messaging;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fleetfusion.events.ClerkEventRecords;
import com.fleetfusion.store.model.EventRecordValue;
import com.fleetfusion.store.service.ClerkEventParser;
import com.fleetfusion.store.service.UnapplicableEventException;

/**
 * Parses each {@code clerk.events} record on the Kafka client's polling thread, which reads ahead while the previous
 * batch is in its database transaction: parsing (a third of the event loop's work per event, measured) is then off
 * the path between two transactions. Never throws: a value that cannot be applied comes out with its reason and its
 * bytes, and the consumer dead-letters it. (Kafka does not call a deserializer for a record without a value: the
 * consumer dead-letters those itself.) Parsing here applies nothing: the consumer checks each record's signature
 * ({@link ClerkEventRecordGuard}) before it looks at the parsed event.
 */
public class ClerkEventDeserializer implements Deserializer<EventRecordValue> {

    private static final Logger LOG = Logger.getLogger(ClerkEventDeserializer.class);

    private final ClerkEventParser parser = new ClerkEventParser(new ObjectMapper());

    @Override
    public EventRecordValue deserialize(String topic, byte[] data) {
        return read(topic, data, null, null);
    }

    @Override
    public EventRecordValue deserialize(String topic, Headers headers, byte[] data) {
        return read(topic, data, header(headers, ClerkEventRecords.SVIX_ID),
                header(headers, ClerkEventRecords.SVIX_TIMESTAMP));
    }

    private EventRecordValue read(String topic, byte[] data, String svixId, String svixTimestamp) {
        try {
            return new EventRecordValue(data, parser.parse(data, svixId, svixTimestamp), null);
        } catch (UnapplicableEventException e) {
            return new EventRecordValue(data, null, e.getMessage());
        } catch (RuntimeException e) {
            // a parser defect, not the record's: logged whole, and the record is kept in the dead-letter topic
            LOG.errorf(e, "parsing a record of %s failed unexpectedly", topic);
            return new EventRecordValue(data, null, "value cannot be read: " + e);
        }
    }

    static String header(Headers headers, String name) {
        Header header = headers == null ? null : headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
