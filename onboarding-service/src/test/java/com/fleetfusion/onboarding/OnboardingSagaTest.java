package com.fleetfusion.onboarding;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fleetfusion.events.ClerkEventKey;
import com.fleetfusion.onboarding.client.ClerkOrganization;
import com.fleetfusion.testsupport.ClerkEmulatorResource;
import com.fleetfusion.testsupport.KafkaResource;
import com.fleetfusion.testsupport.KafkaTopicReader;
import com.fleetfusion.testsupport.KafkaTopicReader.TopicRecord;
import com.fleetfusion.testsupport.PostgresResource;
import com.fleetfusion.testsupport.TestEventKeys;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(ClerkEmulatorResource.WithSessions.class)
class OnboardingSagaTest extends OnboardingTestSupport {

    static final ObjectMapper JSON = new ObjectMapper();
    final KafkaTopicReader topic = KafkaTopicReader.ofTestBroker();

    @Inject
    Pool pool;

    @Test
    void onboardingCreatesTheOrganizationWithTheUserAsAdminAndCompletesTheirMetadata() {
        String user = newUser();
        clerk.patch("/v1/users/" + user + "/metadata", Map.of("public_metadata", Map.of("theme", "dark")));
        String name = uniqueName("Acme Freight");

        Response answer = submit(tokenOf(user), form(name));

        answer.then().statusCode(201)
                .body("slug", equalTo(name.toLowerCase().replace(' ', '-')))
                .body("refreshSession", equalTo(true));
        String orgId = answer.path("organizationId");
        answer.then().body("next", equalTo("/" + orgId + "/dashboard/" + user));

        JsonNode organization = clerk.get("/v1/organizations/" + orgId).body();
        assertThat(organization.path("name").asText()).isEqualTo(name);
        assertThat(organization.path("created_by").asText()).isEqualTo(user);
        JsonNode details = organization.path("public_metadata");
        assertThat(details.path("usdotNumber").asText()).isEqualTo("1234567");
        assertThat(details.path("fleetSize").asInt()).isEqualTo(12);
        assertThat(details.path("legalName").asText()).isEqualTo(name + " LLC");
        assertThat(details.path("address").path("country").asText()).isEqualTo("US");

        JsonNode memberships = clerk.membershipsOf(orgId, user).path("data");
        assertThat(memberships).hasSize(1);
        assertThat(memberships.get(0).path("role").asText()).isEqualTo("org:admin");

        JsonNode metadata = clerk.user(user).path("public_metadata");
        assertThat(metadata.path("onboardingComplete").asBoolean()).isTrue();
        assertThat(metadata.path("organizationId").asText()).isEqualTo(orgId);
        assertThat(metadata.path("organizationSlug").asText()).isEqualTo(organization.path("slug").asText());
        assertThat(metadata.path("role").asText()).isEqualTo("org:admin");
        assertThat(metadata.path("theme").asText()).as("PATCH merges, other keys stay").isEqualTo("dark");

        assertThat(sagaState(user)).isEqualTo("COMPLETED");
        assertThat(steps(user)).contains("read-user:ok", "create-organization:ok", "ensure-admin-membership:ok",
                "update-user-metadata:ok", "publish-events:ok");
    }

    @Test
    void syntheticEventsBuiltFromClerkAnswersArePublishedToClerkEvents() throws Exception {
        String user = newUser();
        String orgId = submit(tokenOf(user), form(uniqueName("Evented Freight"))).then().statusCode(201)
                .extract().path("organizationId");

        List<TopicRecord> ours = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            ours.clear();
            for (TopicRecord record : topic.records("clerk.events")) {
                String key = record.keyAsString();
                if (orgId.equals(key) || ClerkEventKey.membership(orgId, user).equals(key) || user.equals(key)) {
                    ours.add(record);
                }
            }
            assertThat(ours).extracting(r -> r.header("clerk-event-type"))
                    .contains("organization.created", "organizationMembership.created", "user.updated");
        });
        for (TopicRecord record : ours) {
            Map<String, String> headers = record.headerMap();
            assertThat(headers.get("event-source")).isEqualTo("onboarding-service");
            assertThat(headers.get("svix-id")).startsWith("onb_");
            assertThat(Long.parseLong(headers.get("ingested-at"))).isPositive();
            assertThat(Long.parseLong(headers.get("svix-timestamp"))).isPositive();
            JsonNode envelope = JSON.readTree(record.valueAsString());
            assertThat(envelope.path("object").asText()).isEqualTo("event");
            assertThat(envelope.path("type").asText()).isEqualTo(headers.get("clerk-event-type"));
            assertThat(envelope.path("timestamp").asLong()).isGreaterThan(1_000_000_000_000L);
            assertThat(record.valueAsString()).doesNotContain("private_metadata")
                    .doesNotContain(ClerkOrganization.SAGA_MARKER_KEY);
            // signed as DESIGN lays it out: a consumer with the tests' keys verifies it
            assertThat(TestEventKeys.signer().verify(headers.get("event-signature"), headers.get("svix-id"),
                    headers.get("event-source"), headers.get("clerk-event-type"), record.keyAsString(),
                    record.value())).isTrue();
        }
        assertThat(ours).extracting(r -> r.header("svix-id")).doesNotHaveDuplicates();
        JsonNode membership = JSON.readTree(ours.stream()
                .filter(r -> "organizationMembership.created".equals(r.header("clerk-event-type")))
                .findFirst().orElseThrow().valueAsString()).path("data");
        assertThat(membership.path("object").asText()).isEqualTo("organization_membership");
        assertThat(membership.path("organization").path("id").asText()).isEqualTo(orgId);
        assertThat(membership.path("public_user_data").path("user_id").asText()).isEqualTo(user);
        JsonNode updatedUser = JSON.readTree(ours.stream()
                .filter(r -> "user.updated".equals(r.header("clerk-event-type")))
                .findFirst().orElseThrow().valueAsString()).path("data");
        assertThat(updatedUser.path("public_metadata").path("organizationId").asText()).isEqualTo(orgId);
    }

    @Test
    void takenSlugIsSuffixed() {
        String slug = "taken-" + UUID.randomUUID().toString().substring(0, 6);
        clerk.createOrganization(Map.of("name", "First Holder", "slug", slug));
        Map<String, Object> body = form(uniqueName("Second Holder"));
        body.put("slug", slug);

        submit(tokenOf(newUser()), body).then().statusCode(201)
                .body("slug", matchesPattern(slug + "-[a-z0-9]{5}"));
    }

    @Test
    void userWhoseOnboardingIsCompleteGetsConflictWithTheirOrganization() {
        String user = newUser();
        String token = tokenOf(user);
        String orgId = submit(token, form(uniqueName("Once Freight"))).then().statusCode(201)
                .extract().path("organizationId");

        submit(token, form(uniqueName("Twice Freight"))).then().statusCode(409)
                .contentType(startsWith("application/problem+json"))
                .body("type", endsWith("/onboarding-complete"))
                .body("organizationId", equalTo(orgId));
        assertThat(clerk.organizationsOf(user).path("total_count").asInt()).isEqualTo(1);
    }

    @Test
    void userOnboardedOutsideThisServiceGetsConflictFromTheirClerkMetadata() {
        String user = newUser();
        clerk.patch("/v1/users/" + user + "/metadata", Map.of("public_metadata",
                Map.of("onboardingComplete", true, "organizationId", "org_elsewhere", "organizationSlug", "elsewhere")));

        submit(tokenOf(user), form(uniqueName("Elsewhere Freight"))).then().statusCode(409)
                .body("organizationId", equalTo("org_elsewhere"))
                .body("slug", equalTo("elsewhere"));
        assertThat(clerk.organizationsOf(user).path("total_count").asInt()).isZero();
    }

    @Test
    void sameIdempotencyKeyReturnsTheFirstAnswerAgain() {
        String user = newUser();
        String token = tokenOf(user);
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = form(uniqueName("Idempotent Freight"));

        String first = submit(token, body, key).then().statusCode(201).extract().asString();
        String again = submit(token, body, key).then().statusCode(201).extract().asString();

        assertThat(again).isEqualTo(first);
        assertThat(clerk.organizationsOf(user).path("total_count").asInt()).isEqualTo(1);
    }

    @Test
    void concurrentDoubleSubmitCreatesOneOrganization() throws Exception {
        String user = newUser();
        String token = tokenOf(user);
        Map<String, Object> body = form(uniqueName("Double Click Freight"));
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Response>> clicks = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            clicks.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return submit(token, body);
            }));
        }
        go.countDown();
        List<Response> answers = new ArrayList<>();
        for (CompletableFuture<Response> click : clicks) {
            answers.add(click.get());
        }

        assertThat(answers).extracting(Response::statusCode).containsExactlyInAnyOrder(201, 409);
        String first = answers.get(0).path("organizationId");
        String second = answers.get(1).path("organizationId");
        assertThat(first).as("both answers name the same organization").isNotNull().isEqualTo(second);
        assertThat(clerk.organizationsOf(user).path("total_count").asInt()).isEqualTo(1);
    }

    @Test
    void registrationsCompletedAreCounted() {
        double before = metric("onboarding_registrations_completed_total", Map.of());
        submit(tokenOf(newUser()), form(uniqueName("Counted Freight"))).then().statusCode(201);
        assertThat(metric("onboarding_registrations_completed_total", Map.of())).isEqualTo(before + 1);
        assertThat(metric("clerk_api_call_seconds_count", Map.of("operation", "CreateOrganization")))
                .isGreaterThanOrEqualTo(1);
    }

    String sagaState(String user) {
        return pool.preparedQuery("SELECT state FROM onboarding.sagas WHERE user_id = $1 ORDER BY created_at DESC")
                .execute(Tuple.of(user)).await().atMost(Duration.ofSeconds(5)).iterator().next().getString(0);
    }

    List<String> steps(String user) {
        List<String> steps = new ArrayList<>();
        pool.preparedQuery("SELECT s.step || ':' || s.outcome FROM onboarding.saga_steps s "
                + "JOIN onboarding.sagas g ON g.id = s.saga_id WHERE g.user_id = $1 ORDER BY s.id")
                .execute(Tuple.of(user)).await().atMost(Duration.ofSeconds(5)).forEach(row -> steps.add(row.getString(0)));
        return steps;
    }
}
