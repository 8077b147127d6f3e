package com.fleetfusion.ingest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fleetfusion.ingest.model.SvixHeaders;
import com.fleetfusion.ingest.model.WebhookRejectedException;
import com.fleetfusion.ingest.service.SvixSignatureVerifier;
import com.svix.Webhook;
import com.svix.exceptions.WebhookVerificationException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verifier accepts exactly what the Svix library ({@code com.svix.Webhook.verify}, which it replaced on the request
 * path) accepts with any of the configured secrets: signatures by each secret and by others, headers with several
 * entries, other versions, stray spaces and commas, bodies that are not UTF-8, timestamps written with a sign or
 * leading zeros.
 */
class SvixSignatureVerifierEquivalenceTest {

    private static final List<String> CONFIGURED = List.of(ClerkDeliveries.SECRET_ONE, ClerkDeliveries.SECRET_TWO);

    @Test
    void acceptsExactlyWhatTheSvixLibraryAccepts() throws Exception {
        SvixSignatureVerifier verifier = new SvixSignatureVerifier(CONFIGURED);
        List<Webhook> library = List.of(new Webhook(ClerkDeliveries.SECRET_ONE), new Webhook(ClerkDeliveries.SECRET_TWO));
        Random random = new Random(20261207L);
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < 3000; i++) {
            long now = System.currentTimeMillis() / 1000;
            String id = "msg_" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36) + (random.nextInt(20) == 0 ? "é" : "");
            byte[] body = body(random);
            String timestamp = switch (random.nextInt(8)) {
                case 0 -> "0" + now;
                case 1 -> "+" + now;
                default -> Long.toString(now);
            };
            String signature = signatureHeader(random, id, now, body);

            boolean libraryAccepts = false;
            for (Webhook webhook : library) {
                try {
                    webhook.verify(new String(body, StandardCharsets.UTF_8), Map.of("svix-id", List.of(id),
                            "svix-timestamp", List.of(timestamp), "svix-signature", List.of(signature)));
                    libraryAccepts = true;
                    break;
                } catch (WebhookVerificationException refusedByLibrary) {
                    // the next secret
                }
            }
            boolean verifierAccepts;
            try {
                verifier.verify(new SvixHeaders(id, timestamp, signature), body, now * 1000);
                verifierAccepts = true;
            } catch (WebhookRejectedException.InvalidSignature invalid) {
                verifierAccepts = false;
            }
            assertThat(verifierAccepts).as("id %s, timestamp %s, signature %s, body %s", id, timestamp, signature,
                    new String(body, StandardCharsets.ISO_8859_1)).isEqualTo(libraryAccepts);
            if (libraryAccepts) {
                accepted++;
            } else {
                refused++;
            }
        }
        assertThat(accepted).isGreaterThan(1000);
        assertThat(refused).isGreaterThan(500);
    }

    private static byte[] body(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> new byte[0];
            case 1 -> {
                byte[] raw = new byte[1 + random.nextInt(64)];
                random.nextBytes(raw); // mostly not UTF-8
                yield raw;
            }
            case 2 -> ("{\"type\":\"user.updated\",\"data\":{\"first_name\":\"Zoë\",\"n\":" + random.nextInt() + "}}")
                    .getBytes(StandardCharsets.UTF_8);
            default -> ClerkDeliveries.userCreated("user_" + random.nextInt(1000));
        };
    }

    /** One to three entries: valid ones by a configured secret, others by an unknown secret, versions, junk. */
    private static String signatureHeader(Random random, String id, long now, byte[] body) throws Exception {
        List<String> entries = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            String payload = new String(body, StandardCharsets.UTF_8);
            String valid = new Webhook(random.nextBoolean() ? ClerkDeliveries.SECRET_ONE : ClerkDeliveries.SECRET_TWO)
                    .sign(id, now, payload);
            entries.add(switch (random.nextInt(9)) {
                case 0, 1, 2 -> valid;
                case 3 -> new Webhook(ClerkDeliveries.UNKNOWN_SECRET).sign(id, now, payload);
                case 4 -> valid.replace("v1,", "v2,");
                case 5 -> valid.substring(3);
                case 6 -> valid + ",extra";
                case 7 -> new Webhook(ClerkDeliveries.SECRET_ONE).sign(id, now + 1, payload);
                default -> "v1," + valid.substring(3, valid.length() - 2) + "x=";
            });
        }
        return String.join(random.nextInt(6) == 0 ? "  " : " ", entries);
    }
}
