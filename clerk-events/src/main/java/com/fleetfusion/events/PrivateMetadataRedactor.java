package com.fleetfusion.events;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Removes every {@code private_metadata} member, at any depth (user, organization, membership, nested organization),
 * from a JSON value before it is written to any topic: Clerk's private metadata is never stored. Everything else is
 * kept byte for byte (member order, strings, numbers and whitespace as written).
 *
 * <p>One streaming pass, no tree and no re-serialisation: the parser's byte offsets mark each removed member (with the
 * comma that separated it), and the bytes between those ranges are copied. A value without the member comes back as
 * the same array. A value that is not JSON comes back unchanged unless it mentions {@code private_metadata}; then it
 * is dropped (empty), since what to remove cannot be known. Thread-safe.
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
        Removals removals = new Removals();
        try (JsonParser parser = factory.createParser(value)) {
            // per open container: whether it is an object that already has a kept member (then a removed member
            // takes the comma before it; otherwise the comma after it, or none when it is the only one)
            boolean[] keptBefore = new boolean[16];
            int depth = 0;
            JsonToken token = parser.nextToken();
            while (token != null) {
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    if (++depth == keptBefore.length) {
                        keptBefore = Arrays.copyOf(keptBefore, depth * 2);
                    }
                    keptBefore[depth] = false;
                } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    depth--;
                } else if (token == JsonToken.FIELD_NAME) {
                    if (MEMBER.equals(parser.currentName())) {
                        token = remove(parser, value, keptBefore[depth], removals);
                        continue; // the token after the removed member, not yet looked at
                    }
                    keptBefore[depth] = true;
                }
                token = parser.nextToken();
            }
        } catch (IOException notJson) {
            return mentionsMember(value) ? new byte[0] : value;
        }
        return removals.count == 0 ? value : removals.apply(value);
    }

    /**
     * Marks the member at the parser's field name for removal; returns the token after its value. Its range runs from
     * the comma before it when a kept member precedes it in its object, else from its name to the next member's name
     * (or to its value's end when it is the last).
     */
    private static JsonToken remove(JsonParser parser, byte[] value, boolean keptBefore, Removals removals)
            throws IOException {
        long nameStart = parser.currentTokenLocation().getByteOffset();
        JsonToken member = parser.nextToken();
        if (member == JsonToken.START_OBJECT || member == JsonToken.START_ARRAY) {
            parser.skipChildren();
        } else if (member == JsonToken.VALUE_STRING) {
            parser.finishToken(); // strings are read lazily: their end is known once read
        }
        long valueEnd = parser.currentLocation().getByteOffset();
        JsonToken next = parser.nextToken();
        if (keptBefore) {
            removals.add(commaBefore(value, (int) nameStart), valueEnd);
        } else if (next == JsonToken.FIELD_NAME) {
            removals.add(nameStart, parser.currentTokenLocation().getByteOffset());
        } else {
            removals.add(nameStart, valueEnd);
        }
        return next;
    }

    /** The offset of the comma before the member name at {@code nameStart} (only whitespace lies between). */
    private static long commaBefore(byte[] value, int nameStart) throws IOException {
        for (int i = nameStart - 1; i >= 0; i--) {
            byte b = value[i];
            if (b == ',') {
                return i;
            }
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                break;
            }
        }
        throw new IOException("no comma before a member that follows another");
    }

    /** Byte ranges [from, to) to leave out; they may overlap (a run of removed members). */
    private static final class Removals {
        long[] ranges = new long[8];
        int count;

        void add(long from, long to) {
            if (2 * count + 2 > ranges.length) {
                ranges = Arrays.copyOf(ranges, ranges.length * 2);
            }
            ranges[2 * count] = from;
            ranges[2 * count + 1] = to;
            count++;
        }

        byte[] apply(byte[] value) {
            long[][] sorted = new long[count][];
            for (int i = 0; i < count; i++) {
                sorted[i] = new long[] { ranges[2 * i], ranges[2 * i + 1] };
            }
            Arrays.sort(sorted, (a, b) -> Long.compare(a[0], b[0]));
            ByteArrayOutputStream out = new ByteArrayOutputStream(value.length);
            int copied = 0;
            for (long[] range : sorted) {
                if (range[0] > copied) {
                    out.write(value, copied, (int) range[0] - copied);
                }
                copied = Math.max(copied, (int) range[1]);
            }
            out.write(value, copied, value.length - copied);
            return out.toByteArray();
        }
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
