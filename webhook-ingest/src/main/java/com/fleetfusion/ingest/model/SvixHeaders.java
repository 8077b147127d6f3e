package com.fleetfusion.ingest.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import com.fleetfusion.events.ClerkEventRecords;

/**
 * The three headers Svix signs a delivery with, as received. {@code timestamp} is the raw text: the verifier parses
 * it, since the signed content uses the text exactly.
 */
public record SvixHeaders(String id, String timestamp, String signature) {

    public static final String ID = ClerkEventRecords.SVIX_ID;
    public static final String TIMESTAMP = ClerkEventRecords.SVIX_TIMESTAMP;
    public static final String SIGNATURE = ClerkEventRecords.SVIX_SIGNATURE;

    /** Reads the headers with {@code lookup} (case-insensitive in every HTTP stack we use); refuses blank ones. */
    public static SvixHeaders from(UnaryOperator<String> lookup) {
        String id = lookup.apply(ID);
        String timestamp = lookup.apply(TIMESTAMP);
        String signature = lookup.apply(SIGNATURE);
        List<String> missing = new ArrayList<>(3);
        if (isBlank(id)) {
            missing.add(ID);
        }
        if (isBlank(timestamp)) {
            missing.add(TIMESTAMP);
        }
        if (isBlank(signature)) {
            missing.add(SIGNATURE);
        }
        if (!missing.isEmpty()) {
            throw new WebhookRejectedException.MissingSignatureHeaders(String.join(", ", missing));
        }
        return new SvixHeaders(id.trim(), timestamp.trim(), signature.trim());
    }

    /** The timestamp as Unix seconds. */
    public long epochSeconds() {
        try {
            return Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            throw new WebhookRejectedException.MalformedSignatureHeaders();
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
