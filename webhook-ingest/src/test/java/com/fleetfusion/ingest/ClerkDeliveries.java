package com.fleetfusion.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import com.svix.Webhook;
import com.svix.exceptions.EmptyWebhookSecretException;
import com.svix.exceptions.WebhookSigningException;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

import static io.restassured.RestAssured.given;

/** Clerk webhook deliveries as Svix sends them, signed with the secrets of the test profile (application.properties). */
final class ClerkDeliveries {

    static final String SECRET_ONE = "whsec_dGVzdC1zZWNyZXQtb25lLTAxMjM0NTY3";
    static final String SECRET_TWO = "whsec_dGVzdC1zZWNyZXQtdHdvLTg5YWJjZGVm";
    /**
     * Svix's published test-vector secret (docs/clerk-facts.md, "Svix test vector"), also configured in the test
     * profile.
     */
    static final String SVIX_VECTOR_SECRET = "whsec_plJ3nmyCDGBKInavdOK15jsl";
    /** A well-formed secret the service does not know. */
    static final String UNKNOWN_SECRET = "whsec_" + java.util.Base64.getEncoder()
            .encodeToString("not-a-configured-secret!".getBytes(StandardCharsets.UTF_8));

    static final String PATH = "/webhooks/clerk";

    private ClerkDeliveries() {
    }

    static String newSvixId() {
        return "msg_" + UUID.randomUUID().toString().replace("-", "");
    }

    static String sign(String secret, String svixId, long timestamp, byte[] body) {
        try {
            return new Webhook(secret).sign(svixId, timestamp, new String(body, StandardCharsets.UTF_8));
        } catch (WebhookSigningException | EmptyWebhookSecretException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Posts {@code body} as Svix would: signed with {@code secret} now, under {@code svixId}. */
    static Response deliver(String secret, String svixId, byte[] body) {
        long now = Instant.now().getEpochSecond();
        return deliverAt(secret, svixId, now, body);
    }

    static Response deliver(byte[] body) {
        return deliver(SECRET_ONE, newSvixId(), body);
    }

    static Response deliverAt(String secret, String svixId, long timestamp, byte[] body) {
        return given()
                .contentType(ContentType.JSON)
                .header("svix-id", svixId)
                .header("svix-timestamp", Long.toString(timestamp))
                .header("svix-signature", sign(secret, svixId, timestamp, body))
                .body(body)
                .post(PATH);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A user.created event shaped like Clerk's (docs/clerk-facts.md, "Webhook payload shapes"), with odd spacing and
     * non-ASCII text kept as sent.
     */
    static byte[] userCreated(String userId) {
        return utf8("""
                {"data":{"object":"user","id":"%s","external_id":null,"primary_email_address_id":"idn_2g7nQ",
                  "username":null,"first_name":"Zoë","last_name":"Ødegård","image_url":"https://img.clerk.com/x",
                  "has_image":true,"public_metadata":{},"private_metadata":{},"unsafe_metadata":{},
                  "email_addresses":[{"id":"idn_2g7nQ","object":"email_address","email_address":"zoe@example.com",
                    "verification":{"status":"verified","strategy":"ticket"},"linked_to":[]}],
                  "phone_numbers":[],"password_enabled":true,"two_factor_enabled":false,
                  "created_at":1716883200000,"updated_at":1716883200000},
                 "object":"event",  "type":"user.created","timestamp":1716883200000,"instance_id":"ins_123",
                 "event_attributes":{"http_request":{"client_ip":"192.168.1.100","user_agent":"Mozilla/5.0"}}}
                """.formatted(userId));
    }

    static byte[] membershipCreated(String membershipId, String organizationId, String userId) {
        return utf8("""
                {"data":{"object":"organization_membership","id":"%s","role":"org:member","role_name":"Member",
                  "permissions":["org:posts:read"],"public_metadata":{},"private_metadata":{},
                  "organization":{"object":"organization","id":"%s","name":"Acme Corp","slug":"acme-corp",
                    "created_by":"user_creator","created_at":1716883200000,"updated_at":1716883200000},
                  "public_user_data":{"user_id":"%s","first_name":"Jane","last_name":"Doe","identifier":"jane@acme.com"},
                  "created_at":1716883200000,"updated_at":1716883200000},
                 "object":"event","type":"organizationMembership.created","timestamp":1716883200000}
                """.formatted(membershipId, organizationId, userId));
    }
}
