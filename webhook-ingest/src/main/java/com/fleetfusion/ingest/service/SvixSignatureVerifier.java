package com.fleetfusion.ingest.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import com.fleetfusion.events.HmacSha256;
import com.fleetfusion.ingest.config.IngestConfig;
import com.fleetfusion.ingest.model.SvixHeaders;
import com.fleetfusion.ingest.model.WebhookRejectedException;

/**
 * Verifies Svix signatures against every configured signing secret (rotation: a delivery signed with any of them
 * passes), as the Svix library's {@code Webhook.verify} does (docs/clerk-facts.md, "Svix headers and signature"):
 * HMAC-SHA256 of {@code <svix-id>.<svix-timestamp>.<body>}, compared in constant time with each {@code v1,} entry of
 * the signature header. One MAC per secret is initialised once and cloned per delivery, where the library looks up
 * and initialises a MAC and formats the signed text into a new string on every call. The test compares both.
 */
@Singleton
public class SvixSignatureVerifier {

    /** The Svix libraries' fixed tolerance; checked here first so that a stale delivery is told apart from a forged one. */
    public static final long TOLERANCE_SECONDS = 5 * 60;

    private static final String SECRET_PREFIX = "whsec_";
    private static final String VERSION = "v1";

    /** One initialised MAC per secret; each delivery works on a clone (a Mac is not thread-safe). */
    private final List<Mac> macs;

    @Inject
    SvixSignatureVerifier(IngestConfig config) {
        this(config.webhookSecrets());
    }

    public SvixSignatureVerifier(List<String> secrets) {
        this.macs = macs(secrets);
    }

    /**
     * Throws a {@link WebhookRejectedException} unless {@code body} carries a valid signature made at most
     * {@link #TOLERANCE_SECONDS} away from {@code nowMillis}.
     */
    public void verify(SvixHeaders headers, byte[] body, long nowMillis) {
        long timestamp = headers.epochSeconds();
        long skew = Math.abs(nowMillis / 1000 - timestamp);
        if (skew > TOLERANCE_SECONDS) {
            throw new WebhookRejectedException.TimestampOutOfTolerance(TOLERANCE_SECONDS);
        }
        List<byte[]> presented = v1Signatures(headers.signature());
        if (presented.isEmpty()) {
            throw new WebhookRejectedException.InvalidSignature();
        }
        // as the library: the timestamp as the number it parses to, the body decoded as UTF-8 and encoded again,
        // which gives back the exact bytes of any UTF-8 body (every genuine delivery)
        byte[] prefix = (headers.id() + '.' + timestamp + '.').getBytes(StandardCharsets.UTF_8);
        byte[] payload = new String(body, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
        for (Mac prototype : macs) {
            Mac mac = HmacSha256.copy(prototype);
            mac.update(prefix);
            mac.update(payload);
            byte[] expected = Base64.getEncoder().encode(mac.doFinal());
            for (byte[] signature : presented) {
                if (MessageDigest.isEqual(expected, signature)) {
                    return;
                }
            }
        }
        throw new WebhookRejectedException.InvalidSignature();
    }

    /** The base64 text of each {@code v1,<base64>} entry of the space-separated header, split as the library does. */
    private static List<byte[]> v1Signatures(String header) {
        List<byte[]> signatures = new ArrayList<>(2);
        for (String entry : header.split(" ")) {
            String[] parts = entry.split(",");
            if (parts.length >= 2 && VERSION.equals(parts[0])) {
                signatures.add(parts[1].getBytes(StandardCharsets.UTF_8));
            }
        }
        return signatures;
    }

    private static List<Mac> macs(List<String> secrets) {
        List<Mac> macs = new ArrayList<>();
        for (int i = 0; i < secrets.size(); i++) {
            String secret = secrets.get(i).trim();
            if (secret.isEmpty()) {
                continue;
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(secret.startsWith(SECRET_PREFIX)
                        ? secret.substring(SECRET_PREFIX.length()) : secret);
            } catch (IllegalArgumentException e) {
                key = new byte[0];
            }
            if (key.length == 0) {
                // never echo the secret itself
                throw new IllegalStateException("CLERK_WEBHOOK_SECRETS entry #" + (i + 1)
                        + " is not a Svix signing secret (whsec_ followed by base64)");
            }
            macs.add(HmacSha256.keyed(key));
        }
        if (macs.isEmpty()) {
            throw new IllegalStateException("CLERK_WEBHOOK_SECRETS holds no signing secret");
        }
        return List.copyOf(macs);
    }
}
