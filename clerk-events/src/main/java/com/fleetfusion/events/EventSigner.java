package com.fleetfusion.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;

/**
 * Signs and verifies {@code clerk.events} records: header {@code event-signature} = {@code v1,} + padded standard
 * base64 of HMAC-SHA256, keyed with the UTF-8 bytes of a signing key, over the canonical bytes: the UTF-8 of
 * {@code <svix-id>\n<event-source>\n<clerk-event-type>\n<record key>\n} (header values as written, empty when absent)
 * followed by the value bytes exactly as written. Kafka is not a trusted boundary: a record that does not verify is
 * never applied.
 *
 * <p>Keys come from {@code EVENTS_SIGNING_KEYS}, comma-separated: the first signs, any verifies, so a key is rotated
 * by listing the new one first everywhere, then removing the old one once nothing signed with it is replayed.
 * Thread-safe.
 */
public final class EventSigner {

    public static final String VERSION_PREFIX = "v1,";
    /** Shortest accepted key, in bytes: 256 bits, the HMAC-SHA256 output size. */
    public static final int MINIMUM_KEY_BYTES = 32;

    /** One initialised MAC per key; each call works on a clone (a Mac is not thread-safe). */
    private final List<Mac> macs;

    private EventSigner(List<Mac> macs) {
        this.macs = macs;
    }

    /**
     * The signer of {@code commaSeparatedKeys} ({@code EVENTS_SIGNING_KEYS}); blanks around commas are ignored.
     *
     * @throws IllegalArgumentException when there is no key or a key is shorter than {@link #MINIMUM_KEY_BYTES}
     *         (the message names neither key)
     */
    public static EventSigner ofKeys(String commaSeparatedKeys) {
        return ofKeys(commaSeparatedKeys == null ? List.of() : List.of(commaSeparatedKeys.split(",")));
    }

    /** The signer of {@code keys}: the first signs, any verifies. */
    public static EventSigner ofKeys(List<String> keys) {
        List<Mac> macs = new ArrayList<>();
        for (String key : keys) {
            String trimmed = key.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            byte[] bytes = trimmed.getBytes(StandardCharsets.UTF_8);
            if (bytes.length < MINIMUM_KEY_BYTES) {
                throw new IllegalArgumentException("EVENTS_SIGNING_KEYS: key " + (macs.size() + 1) + " is shorter than "
                        + MINIMUM_KEY_BYTES + " bytes");
            }
            macs.add(HmacSha256.keyed(bytes));
        }
        if (macs.isEmpty()) {
            throw new IllegalArgumentException("EVENTS_SIGNING_KEYS: no signing key");
        }
        return new EventSigner(List.copyOf(macs));
    }

    /** How many keys verify (the first of them signs). */
    public int keyCount() {
        return macs.size();
    }

    /**
     * The {@code event-signature} header value of a record, with the first key.
     *
     * @throws IllegalArgumentException when a header value or the key contains a line break (the layout would be
     *         ambiguous)
     */
    public String sign(String svixId, String eventSource, String eventType, String recordKey, byte[] value) {
        if (!unambiguous(svixId, eventSource, eventType, recordKey)) {
            throw new IllegalArgumentException("a signed header value or record key contains a line break");
        }
        return VERSION_PREFIX + Base64.getEncoder()
                .encodeToString(mac(macs.get(0), svixId, eventSource, eventType, recordKey, value));
    }

    /**
     * Whether {@code signature} (the {@code event-signature} header value, null when absent) is the signature of the
     * record under one of the keys. The comparison takes the same time wherever the bytes differ.
     */
    public boolean verify(String signature, String svixId, String eventSource, String eventType, String recordKey,
            byte[] value) {
        if (signature == null || !signature.startsWith(VERSION_PREFIX)
                || !unambiguous(svixId, eventSource, eventType, recordKey)) {
            return false;
        }
        byte[] presented;
        try {
            presented = Base64.getDecoder().decode(signature.substring(VERSION_PREFIX.length()).trim());
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        boolean valid = false;
        for (Mac mac : macs) {
            // every key is tried, so the time does not tell which one matched
            valid |= MessageDigest.isEqual(presented, mac(mac, svixId, eventSource, eventType, recordKey, value));
        }
        return valid;
    }

    /** The canonical bytes that are signed: the four header lines, then the value. */
    public static byte[] canonicalBytes(String svixId, String eventSource, String eventType, String recordKey,
            byte[] value) {
        byte[] prefix = prefix(svixId, eventSource, eventType, recordKey);
        byte[] body = value == null ? new byte[0] : value;
        byte[] all = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(body, 0, all, prefix.length, body.length);
        return all;
    }

    private static byte[] mac(Mac prototype, String svixId, String eventSource, String eventType, String recordKey,
            byte[] value) {
        Mac mac = HmacSha256.copy(prototype);
        mac.update(prefix(svixId, eventSource, eventType, recordKey));
        if (value != null) {
            mac.update(value);
        }
        return mac.doFinal();
    }

    private static byte[] prefix(String svixId, String eventSource, String eventType, String recordKey) {
        return (orEmpty(svixId) + '\n' + orEmpty(eventSource) + '\n' + orEmpty(eventType) + '\n' + orEmpty(recordKey)
                + '\n').getBytes(StandardCharsets.UTF_8);
    }

    /** No line break inside the four lines: otherwise two different records could have the same canonical bytes. */
    private static boolean unambiguous(String... lines) {
        for (String line : lines) {
            if (line != null && line.indexOf('\n') >= 0) {
                return false;
            }
        }
        return true;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
