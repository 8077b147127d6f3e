package com.fleetfusion.events;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * The small {@code clerk.events.dlq} value that stands for a genuine delivery too large for a record: it names the
 * delivery, so that reconciliation or an operator can fetch the object from Clerk. Its dead-letter reason is
 * {@link ClerkEventRecords#REASON_TOO_LARGE}.
 *
 * @param svixId the delivery's svix-id
 * @param eventType the Clerk event type, null when the body has none
 * @param objectId {@code data.id} (for a membership the record key), null when the body has none
 * @param size the body's size in bytes
 */
public record TooLargeDeadLetter(String svixId, String eventType, String objectId, long size) {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    /** {@code {"svix_id":...,"type":...,"object_id":...,"size":...,"reason":"too-large"}} */
    public byte[] toJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("svix_id", svixId);
            json.writeStringField("type", eventType);
            json.writeStringField("object_id", objectId);
            json.writeNumberField("size", size);
            json.writeStringField("reason", ClerkEventRecords.REASON_TOO_LARGE);
            json.writeEndObject();
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return out.toByteArray();
    }
}
