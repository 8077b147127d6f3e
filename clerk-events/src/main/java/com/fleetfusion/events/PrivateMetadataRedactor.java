package com.fleetfusion.events;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Removes every {@code private_metadata} member, at any depth (user, organization, membership, nested organization),
 * from a JSON value before it is written to any topic: Clerk's private metadata is never stored. Everything else keeps
 * its JSON content (member order, strings and numbers exactly; only insignificant whitespace may change).
 *
 * <p>One streaming pass, no tree. A value without the member comes back as the same array, byte for byte. A value that
 * is not JSON comes back unchanged unless it mentions {@code private_metadata}; then it is dropped (empty), since what
 * to remove cannot be known. Thread-safe.
 */
public final class PrivateMetadataRedactor {

    public static final String MEMBER = "private_metadata";
    private static final byte[] MEMBER_BYTES = MEMBER.getBytes(StandardCharsets.UTF_8);

    private final JsonFactory factory = JsonFactory.builder().build();

    /** {@code value} without any {@code private_metadata} member (null stays null). */
    public byte[] redact(byte[] value) {
        if (value == null || value.length == 0) {
            return value;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length);
        boolean removed = false;
        try (JsonParser parser = factory.createParser(value);
                JsonGenerator generator = factory.createGenerator(out)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.FIELD_NAME && MEMBER.equals(parser.currentName())) {
                    parser.nextToken();
                    parser.skipChildren();
                    removed = true;
                } else if (token.isNumeric()) {
                    generator.writeNumber(parser.getText()); // the number's text as written
                } else {
                    generator.copyCurrentEvent(parser);
                }
            }
        } catch (IOException notJson) {
            return mentionsMember(value) ? new byte[0] : value;
        }
        return removed ? out.toByteArray() : value;
    }

    private static boolean mentionsMember(byte[] value) {
        outer:
        for (int i = 0; i <= value.length - MEMBER_BYTES.length; i++) {
            for (int j = 0; j < MEMBER_BYTES.length; j++) {
                if (value[i + j] != MEMBER_BYTES[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
