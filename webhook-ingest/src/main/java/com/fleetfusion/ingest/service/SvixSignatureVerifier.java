package com.fleetfusion.ingest.service;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fleetfusion.ingest.config.IngestConfig;
import com.fleetfusion.ingest.model.SvixHeaders;
import com.fleetfusion.ingest.model.WebhookRejectedException;
import com.svix.Webhook;
import com.svix.exceptions.EmptyWebhookSecretException;
import com.svix.exceptions.WebhookVerificationException;

/**
 * Verifies Svix signatures with the Svix library against every configured signing secret (rotation: a delivery
 * signed with any of them passes).
 */
@ApplicationScoped
public class SvixSignatureVerifier {

    /** The Svix libraries' fixed tolerance; checked here first so that a stale delivery is told apart from a forged one. */
    public static final long TOLERANCE_SECONDS = 5 * 60;

    private final List<Webhook> webhooks;

    @Inject
    SvixSignatureVerifier(IngestConfig config) {
        this(config.webhookSecrets());
    }

    public SvixSignatureVerifier(List<String> secrets) {
        this.webhooks = webhooks(secrets);
    }

    /**
     * Throws a {@link WebhookRejectedException} unless {@code body} carries a valid signature made at most
     * {@link #TOLERANCE_SECONDS} away from {@code nowMillis}.
     */
    public void verify(SvixHeaders headers, byte[] body, long nowMillis) {
        long skew = Math.abs(nowMillis / 1000 - headers.epochSeconds());
        if (skew > TOLERANCE_SECONDS) {
            throw new WebhookRejectedException.TimestampOutOfTolerance(TOLERANCE_SECONDS);
        }
        // Svix signs the body as a UTF-8 string; decoding the exact bytes keeps what was signed
        String payload = new String(body, StandardCharsets.UTF_8);
        Map<String, List<String>> signed = Map.of(
                SvixHeaders.ID, List.of(headers.id()),
                SvixHeaders.TIMESTAMP, List.of(headers.timestamp()),
                SvixHeaders.SIGNATURE, List.of(headers.signature()));
        for (Webhook webhook : webhooks) {
            try {
                webhook.verify(payload, signed);
                return;
            } catch (WebhookVerificationException wrongSecretOrForged) {
                // try the next secret of the rotation
            }
        }
        throw new WebhookRejectedException.InvalidSignature();
    }

    private static List<Webhook> webhooks(List<String> secrets) {
        List<Webhook> webhooks = new ArrayList<>();
        for (int i = 0; i < secrets.size(); i++) {
            String secret = secrets.get(i).trim();
            if (secret.isEmpty()) {
                continue;
            }
            try {
                webhooks.add(new Webhook(secret));
            } catch (EmptyWebhookSecretException | IllegalArgumentException e) {
                // never echo the secret itself
                throw new IllegalStateException("CLERK_WEBHOOK_SECRETS entry #" + (i + 1)
                        + " is not a Svix signing secret (whsec_ followed by base64)");
            }
        }
        if (webhooks.isEmpty()) {
            throw new IllegalStateException("CLERK_WEBHOOK_SECRETS holds no signing secret");
        }
        return List.copyOf(webhooks);
    }
}
