package com.fleetfusion.store.model;

/**
 * The value of a {@code clerk.events} record as the consumer reads it: the bytes as received (kept for the
 * dead-letter queue) and either the event they carry or why they cannot be applied.
 *
 * @param raw the record value, or null if the record had none
 * @param event the parsed event; null when {@code unapplicable} is set
 * @param unapplicable why the value cannot be applied (not JSON, no type, no data...); null when {@code event} is set
 */
public record EventRecordValue(byte[] raw, ClerkEvent event, String unapplicable) {

    /** A record without a value (a Kafka tombstone): Kafka does not call the deserializer for it. */
    public static final EventRecordValue NONE = new EventRecordValue(null, null, "empty record value");
}
