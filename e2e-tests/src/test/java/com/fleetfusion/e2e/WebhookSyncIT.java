package com.fleetfusion.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fleetfusion.testsupport.KafkaBroker;

import io.restassured.specification.RequestSpecification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Flow 4: changes made in Clerk reach Postgres through webhooks, also when deliveries are duplicated, shuffled
 * and delayed; then an operator's replay of clerk.events leaves every table identical.
 */
class WebhookSyncIT {

    private final SuiteUnderTest suite = SuiteUnderTest.shared();
    private final List<String> users = new ArrayList<>();
    private final List<String> organizations = new ArrayList<>();

    @AfterEach
    void calmDeliveries() {
        suite.emulator().delivery(0.0, 1, 0L, null);
    }

    private RequestSpecification clerk() {
        return given().baseUri(suite.clerk.baseUrl()).auth().oauth2(suite.clerk.secretKey()).contentType("application/json");
    }

    private String signUp(String firstName) {
        String id = suite.emulator().signUpUserId(
                firstName.toLowerCase() + "." + UUID.randomUUID() + "@fleetfusion.example", firstName, "Sync");
        users.add(id);
        return id;
    }

    private String createOrganization(String name, String createdBy) {
        String id = clerk().body(Map.of("name", name + " " + UUID.randomUUID().toString().substring(0, 6), "created_by", createdBy))
                .post("/v1/organizations").then().statusCode(200).extract().path("id");
        organizations.add(id);
        return id;
    }

    private void addMember(String orgId, String userId, String role) {
        clerk().body(Map.of("user_id", userId, "role", role))
                .post("/v1/organizations/{org}/memberships", orgId).then().statusCode(200);
    }

    /** A burst of realistic changes: creations, updates, removals, a re-add, deletions of a user and an org. */
    private void changeEverything() {
        String owner = signUp("Oscar");
        String driver = signUp("Dana");
        String dispatcher = signUp("Dmitri");
        String org = createOrganization("Sync Haulage", owner);
        String doomed = createOrganization("Short Lived", owner);
        addMember(org, driver, "org:member");
        addMember(org, dispatcher, "org:member");
        addMember(doomed, driver, "org:member");
        clerk().body(Map.of("role", "org:admin")).patch("/v1/organizations/{org}/memberships/{user}", org, dispatcher)
                .then().statusCode(200);
        clerk().body(Map.of("public_metadata", Map.of("fleetSize", 40, "plan", "pro")))
                .patch("/v1/organizations/{org}/metadata", org).then().statusCode(200);
        clerk().body(Map.of("public_metadata", Map.of("shift", "night")))
                .patch("/v1/users/{user}/metadata", driver).then().statusCode(200);
        clerk().delete("/v1/organizations/{org}/memberships/{user}", org, driver).then().statusCode(200);
        addMember(org, driver, "org:member");
        clerk().delete("/v1/organizations/{org}/memberships/{user}", org, dispatcher).then().statusCode(200);
        clerk().delete("/v1/users/{user}", dispatcher).then().statusCode(200);
        clerk().delete("/v1/organizations/{org}", doomed).then().statusCode(200);
    }

    /** Postgres says exactly what Clerk says of every object the test touched. */
    private void assertDatabaseMatchesClerk() {
        for (String userId : users) {
            var clerkUser = clerk().get("/v1/users/{id}", userId);
            var row = TenantTables.query("SELECT first_name, public_metadata::text AS metadata, deleted_at FROM users WHERE id = ?", userId);
            assertThat(row).as("user row " + userId).hasSize(1);
            if (clerkUser.statusCode() == 404) {
                assertThat(row.get(0).get("deleted_at")).as("tombstone of " + userId).isNotNull();
            } else {
                assertThat(row.get(0).get("deleted_at")).as("live " + userId).isNull();
                assertThat(row.get(0).get("first_name")).isEqualTo(clerkUser.path("first_name"));
                assertThat(json(row.get(0).get("metadata"))).isEqualTo(clerkUser.jsonPath().getMap("public_metadata"));
            }
        }
        for (String orgId : organizations) {
            var clerkOrg = clerk().get("/v1/organizations/{id}", orgId);
            var row = TenantTables.query("SELECT name, public_metadata::text AS metadata, deleted_at FROM organizations WHERE id = ?", orgId);
            assertThat(row).as("organization row " + orgId).hasSize(1);
            Set<String> liveInDatabase = TenantTables.query(
                            "SELECT user_id, role FROM organization_memberships WHERE organization_id = ? AND deleted_at IS NULL", orgId)
                    .stream().map(m -> m.get("user_id") + "=" + m.get("role")).collect(Collectors.toSet());
            if (clerkOrg.statusCode() == 404) {
                assertThat(row.get(0).get("deleted_at")).as("tombstone of " + orgId).isNotNull();
                assertThat(liveInDatabase).as("memberships of deleted " + orgId).isEmpty();
            } else {
                assertThat(row.get(0).get("deleted_at")).isNull();
                assertThat(row.get(0).get("name")).isEqualTo(clerkOrg.path("name"));
                assertThat(json(row.get(0).get("metadata"))).isEqualTo(clerkOrg.jsonPath().getMap("public_metadata"));
                List<Map<String, Object>> clerkMembers = clerk().queryParam("limit", 500)
                        .get("/v1/organizations/{id}/memberships", orgId).then().statusCode(200).extract().path("data");
                Set<String> liveInClerk = clerkMembers.stream()
                        .map(m -> ((Map<?, ?>) m.get("public_user_data")).get("user_id") + "=" + m.get("role"))
                        .collect(Collectors.toSet());
                assertThat(liveInDatabase).as("memberships of " + orgId).isEqualTo(liveInClerk);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(Object text) {
        try {
            return new TreeMap<>(new com.fasterxml.jackson.databind.ObjectMapper().readValue(String.valueOf(text), Map.class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void changesInClerkConvergeInPostgres() {
        changeEverything();
        await("Postgres converges to Clerk").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(this::assertDatabaseMatchesClerk);
    }

    @Test
    void duplicatedShuffledDelayedDeliveriesConvergeAndAReplayLeavesEveryTableIdentical() throws Exception {
        suite.emulator().delivery(0.5, 8, 1500L, null);
        changeEverything();
        changeEverything();
        await("Postgres converges to Clerk under delivery chaos").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1)).untilAsserted(this::assertDatabaseMatchesClerk);
        // every delivery acknowledged by webhook-ingest, every record applied: nothing is still arriving
        await("deliveries settled").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> suite.allDeliveriesAcknowledged() && suite.tenantStoreLag() == 0);
        Map<String, List<Map<String, Object>>> before = TenantTables.snapshot();

        // the operator's replay: stop tenant-store, rebuild the database from the topic with Kafka's own tools
        suite.store.stop();
        TenantTables.execute("TRUNCATE users, organizations, organization_memberships, processed_events");
        resetConsumerGroupToEarliest();
        suite.store.start();

        await("the replay rebuilt every table").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(TenantTables.snapshot()).isEqualTo(before));
    }

    private void resetConsumerGroupToEarliest() throws Exception {
        Process tool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", KafkaBroker.brokerClassPath(),
                "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand",
                "--bootstrap-server", suite.kafka.bootstrapServers(),
                "--command-config", suite.kafka.adminSettings()
                        .writeClientConfig(Path.of("target", "kafka-admin.properties")).toString(),
                "--group", "tenant-store", "--topic", "clerk.events",
                "--reset-offsets", "--to-earliest", "--execute")
                .redirectErrorStream(true).start();
        String output = new String(tool.getInputStream().readAllBytes());
        assertThat(tool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(tool.exitValue()).as(output).isZero();
        assertThat(output).contains("tenant-store").contains("clerk.events");
    }
}
