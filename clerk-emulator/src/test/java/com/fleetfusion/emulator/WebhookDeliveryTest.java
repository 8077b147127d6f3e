package com.fleetfusion.emulator;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.svix.Webhook;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;

import static com.fleetfusion.emulator.Emulator.api;
import static com.fleetfusion.emulator.Emulator.control;
import static com.fleetfusion.emulator.Emulator.createOrganization;
import static com.fleetfusion.emulator.Emulator.signUp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhooks as Svix delivers Clerk's: signed so that com.svix.Webhook#verify accepts them with the endpoint's secret,
 * in Clerk's envelope, retried with the same svix-id, and with the chaos a consumer must survive.
 */
@QuarkusTest
class WebhookDeliveryTest {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Vertx vertx;

    WebhookReceiver receiver;

    @BeforeEach
    void aReceiver() throws Exception {
        Emulator.reset();
        receiver = new WebhookReceiver(vertx);
        control().body(Map.of("url", receiver.url(), "secret", SECRET)).post("/__emulator/webhook-endpoints").then()
                .statusCode(200).body("secret", org.hamcrest.Matchers.equalTo(SECRET));
    }

    @AfterEach
    void close() throws Exception {
        Emulator.reset();
        receiver.close();
    }

    @Test
    void everyStateChangeIsDeliveredInClerksEnvelopeAndVerifiesWithSvix() throws Exception {
        String admin = signUp("hooks@fleetfusion.test");
        String member = signUp("member-hooks@fleetfusion.test");
        String orgId = createOrganization("Hook Fleet", "hook-fleet", admin);
        api().body(Map.of("user_id", member, "role", "org:member")).post("/v1/organizations/" + orgId + "/memberships")
                .then().statusCode(200);
        api().body(Map.of("role", "org:admin")).patch("/v1/organizations/" + orgId + "/memberships/" + member)
                .then().statusCode(200);
        api().body(Map.of("public_metadata", Map.of("onboardingComplete", true)))
                .patch("/v1/users/" + admin + "/metadata").then().statusCode(200);
        api().body(Map.of("public_metadata", Map.of("plan", "pro"))).patch("/v1/organizations/" + orgId + "/metadata")
                .then().statusCode(200);
        api().delete("/v1/organizations/" + orgId + "/memberships/" + member).then().statusCode(200);
        api().delete("/v1/organizations/" + orgId).then().statusCode(200);
        api().delete("/v1/users/" + member).then().statusCode(200);

        List<String> expected = List.of("user.created", "user.created", "organization.created",
                "organizationMembership.created", "organizationMembership.created", "organizationMembership.updated",
                "user.updated", "organization.updated", "organizationMembership.deleted", "organization.deleted",
                "user.deleted");
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() >= expected.size());

        Webhook svix = new Webhook(SECRET);
        List<String> types = new java.util.ArrayList<>();
        for (WebhookReceiver.Received delivery : receiver.received()) {
            svix.verify(delivery.body(), delivery.headers());
            assertThat(delivery.header("svix-id")).startsWith("msg_");
            JsonNode event = JSON.readTree(delivery.body());
            assertThat(event.path("object").asText()).isEqualTo("event");
            assertThat(event.path("instance_id").asText()).isEqualTo(Emulator.INSTANCE_ID);
            assertThat(event.path("timestamp").asLong()).isGreaterThan(1_000_000_000_000L);
            assertThat(event.path("event_attributes").path("http_request").isObject()).isTrue();
            assertThat(event.path("data").isObject()).isTrue();
            types.add(event.path("type").asText());
            ClerkSpec.WEBHOOKS.assertWebhookConforms(event.path("type").asText(), delivery.body());
        }
        assertThat(types).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(receiver.received()).extracting(r -> r.header("svix-id")).doesNotHaveDuplicates();
    }

    @Test
    void aTamperedBodyDoesNotVerify() throws Exception {
        signUp("tamper@fleetfusion.test");
        await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.received().isEmpty());
        WebhookReceiver.Received delivery = receiver.received().get(0);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Webhook(SECRET)
                .verify(delivery.body().replace("tamper", "tamperX"), delivery.headers()))
                .isInstanceOf(com.svix.exceptions.WebhookVerificationException.class);
    }

    @Test
    void aFailedDeliveryIsRetriedOnTheScaledSvixScheduleWithTheSameSvixId() throws Exception {
        control().body(Map.of("retry_time_scale", 0.001)).post("/__emulator/delivery").then().statusCode(200)
                .body("retry_time_scale", org.hamcrest.Matchers.equalTo(0.001f));
        receiver.answer(500, 503, 400);

        signUp("retry@fleetfusion.test");

        // gaps after each failure: 5 s, 5 min, 30 min scaled by 0.001 = 5 ms, 300 ms, 1.8 s
        await().atMost(Duration.ofSeconds(15)).until(() -> receiver.received().size() >= 4);
        assertThat(receiver.received()).extracting(r -> r.header("svix-id")).containsOnly(
                receiver.received().get(0).header("svix-id"));
        assertThat(receiver.received()).extracting(WebhookReceiver.Received::body).containsOnly(
                receiver.received().get(0).body());
        for (WebhookReceiver.Received delivery : receiver.received()) {
            new Webhook(SECRET).verify(delivery.body(), delivery.headers());
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode attempts = JSON.readTree(control().get("/__emulator/deliveries").then().statusCode(200)
                    .extract().asString());
            assertThat(attempts).hasSize(4);
            assertThat(attempts.findValuesAsText("attempt")).containsExactly("1", "2", "3", "4");
            assertThat(attempts.findValuesAsText("status")).containsExactly("500", "503", "400", "204");
            assertThat(attempts.get(3).path("succeeded").asBoolean()).isTrue();
        });
    }

    @Test
    void aGeneratedSecretIsReturnedAndSigns() throws Exception {
        WebhookReceiver second = new WebhookReceiver(vertx);
        try {
            String secret = control().body(Map.of("url", second.url())).post("/__emulator/webhook-endpoints").then()
                    .statusCode(200).extract().path("secret");
            assertThat(secret).startsWith("whsec_");

            signUp("generated@fleetfusion.test");

            await().atMost(Duration.ofSeconds(10)).until(() -> !second.received().isEmpty());
            WebhookReceiver.Received delivery = second.received().get(0);
            new Webhook(secret).verify(delivery.body(), delivery.headers());
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Webhook(SECRET)
                    .verify(delivery.body(), delivery.headers()))
                    .isInstanceOf(com.svix.exceptions.WebhookVerificationException.class);
        } finally {
            second.close();
        }
    }

    @Test
    void duplicatesKeepTheirSvixIdAndShuffledMessagesAllArrive() throws Exception {
        control().body(Map.of("duplicate_rate", 1.0, "shuffle_window", 5, "max_delay_ms", 50))
                .post("/__emulator/delivery").then().statusCode(200).body("shuffle_window",
                        org.hamcrest.Matchers.equalTo(5));
        for (int i = 0; i < 5; i++) {
            signUp("chaos" + i + "@fleetfusion.test");
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() >= 10);
        Map<String, Long> perSvixId = receiver.received().stream().collect(java.util.stream.Collectors.groupingBy(
                r -> r.header("svix-id"), java.util.stream.Collectors.counting()));
        assertThat(perSvixId).hasSize(5).allSatisfy((id, count) -> assertThat(count).isEqualTo(2));
        for (WebhookReceiver.Received delivery : receiver.received()) {
            new Webhook(SECRET).verify(delivery.body(), delivery.headers());
        }
    }
}
