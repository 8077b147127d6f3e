package com.fleetfusion.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import com.fleetfusion.testsupport.KafkaBroker;
import com.fleetfusion.testsupport.KafkaTopicReader;
import com.fleetfusion.testsupport.QuarkusAppProcess;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Operations' view of the flows: a trace started by the SPA follows the onboarding through the gateway, the
 * onboarding-service, Kafka record headers and tenant-store; production logs are JSON lines without secrets.
 */
class ObservabilityIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SuiteUnderTest suite = SuiteUnderTest.shared();

    @Test
    void aTraceFromTheBrowserFollowsTheOnboardingThroughKafkaIntoTenantStore() {
        String traceId = hex(16);
        String userId = suite.emulator().signUpUserId("trace." + UUID.randomUUID() + "@fleetfusion.example", "Trace", "Follower");

        String orgId = given().baseUri(suite.gateway.baseUrl()).auth().oauth2(suite.emulator().token(userId))
                .header("traceparent", "00-" + traceId + "-" + hex(8) + "-01")
                .contentType("application/json")
                .body(OnboardingIT.FORM.formatted("Traced Freight " + traceId.substring(0, 6)))
                .post("/api/onboarding")
                .then().statusCode(201)
                .extract().path("organizationId");

        KafkaTopicReader kafka = new KafkaTopicReader(suite.kafka.adminSettings());
        await("onboarding's records carry the trace").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(kafka.recordsWithHeader("clerk.events", "event-source", "onboarding-service"))
                        .filteredOn(record -> record.keyAsString().startsWith(orgId))
                        .isNotEmpty()
                        .allSatisfy(record -> assertThat(record.header("traceparent")).contains(traceId)));
        await("every hop exported its spans of the trace").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (String service : List.of("auth-gateway", "onboarding-service", "tenant-store")) {
                assertThat(suite.traces.received(service, traceId)).as(service + " exported the trace").isTrue();
            }
        });
    }

    @Test
    void aWebhookDeliveryStartsATraceThatTenantStoreContinuesFromTheRecordHeaders() {
        String userId = suite.emulator().signUpUserId("webhook.trace." + UUID.randomUUID() + "@fleetfusion.example", "Hook", "Traced");

        KafkaTopicReader kafka = new KafkaTopicReader(suite.kafka.adminSettings());
        String traceparent = await("the delivery's record").atMost(Duration.ofSeconds(30)).until(() ->
                kafka.recordsWithHeader("clerk.events", "event-source", "clerk").stream()
                        .filter(record -> record.keyAsString().equals(userId))
                        .map(record -> record.header("traceparent"))
                        .findFirst().orElse(null), value -> value != null);
        assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        String traceId = traceparent.substring(3, 35);
        await("webhook-ingest and tenant-store exported spans of the delivery's trace").atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> {
                    assertThat(suite.traces.received("webhook-ingest", traceId)).as("webhook-ingest").isTrue();
                    assertThat(suite.traces.received("tenant-store", traceId)).as("tenant-store").isTrue();
                });
    }

    @Test
    void productionLogsAreJsonLinesWithoutSecretsOrTokens() throws IOException {
        // something worth logging first: a refused token and a refused webhook
        given().baseUri(suite.gateway.baseUrl()).auth().oauth2("eyJhbGciOiJSUzI1NiJ9.e30.c2ln").get("/api/me")
                .then().statusCode(401);
        given().baseUri(suite.ingest.baseUrl()).contentType("application/json").body("{}")
                .header("svix-id", "msg_x").header("svix-timestamp", "1").header("svix-signature", "v1,AAAA")
                .post("/webhooks/clerk").then().statusCode(401);

        for (QuarkusAppProcess service : suite.services()) {
            List<String> lines = Files.readAllLines(service.log()).stream().filter(line -> !line.isBlank()).toList();
            assertThat(lines).as(service.module() + "'s log").isNotEmpty();
            for (String line : lines) {
                JsonNode record = JSON.readTree(line);
                assertThat(record.path("message").isTextual()).as(service.module() + ": " + line).isTrue();
                assertThat(record.path("service").asText()).isEqualTo(service.module());
                assertThat(line).doesNotContain(suite.secretKey, suite.webhookSecret, "eyJ",
                        suite.kafka.clientSettings(service.module().equals("auth-gateway")
                                ? KafkaBroker.ADMIN : service.module()).password());
            }
        }
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
