package com.fleetfusion.emulator;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fleetfusion.emulator.rest.ControlResource;

import io.quarkus.test.junit.QuarkusTest;

import static com.fleetfusion.emulator.Emulator.api;
import static com.fleetfusion.emulator.Emulator.createOrganization;
import static com.fleetfusion.emulator.Emulator.signUp;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Backend API operation the emulator serves, called for its success and its usual failures, each response
 * validated against Clerk's Backend API spec by {@link ClerkSpec#CONFORMANCE} (as in every other test of the module).
 * The test then checks that no operation went unvalidated, and that the validator does catch what is not Clerk's.
 */
@QuarkusTest
class ConformanceTest {

    @BeforeEach
    void emptyInstance() {
        Emulator.reset();
    }

    @Test
    void everyOperationsAnswersConformToTheBackendApiSpec() {
        String admin = signUp("conform@fleetfusion.test");
        String created = api().body(Map.of("email_address", List.of("created@fleetfusion.test"), "first_name", "C",
                "public_metadata", Map.of("a", 1))).post("/v1/users").then().statusCode(200).extract().path("id");
        api().get("/v1/users").then().statusCode(200);
        api().get("/v1/users/count?query=conform").then().statusCode(200).body("total_count",
                org.hamcrest.Matchers.equalTo(1));
        api().get("/v1/users/" + admin).then().statusCode(200);
        api().get("/v1/users/user_missing").then().statusCode(404);
        api().body(Map.of("public_metadata", Map.of("onboardingComplete", true))).patch("/v1/users/" + admin
                + "/metadata").then().statusCode(200);
        api().body(Map.of("private_metadata", Map.of("p", 1))).put("/v1/users/" + admin + "/metadata").then()
                .statusCode(200);
        api().body(Map.of("public_metadata", "not an object")).patch("/v1/users/" + admin + "/metadata").then()
                .statusCode(422);

        String orgId = createOrganization("Conform Fleet", "conform", admin);
        api().body(Map.of("name", "Dup", "slug", "conform")).post("/v1/organizations").then().statusCode(422);
        api().body(Map.of("name", "No Creator", "created_by", "user_missing")).post("/v1/organizations").then()
                .statusCode(400);
        api().get("/v1/organizations").then().statusCode(200);
        api().get("/v1/organizations/conform").then().statusCode(200);
        api().get("/v1/organizations/org_missing").then().statusCode(404);
        api().body(Map.of("name", "Conform Fleet Renamed")).patch("/v1/organizations/" + orgId).then().statusCode(200);
        api().body(Map.of("public_metadata", Map.of("plan", "pro"))).patch("/v1/organizations/" + orgId + "/metadata")
                .then().statusCode(200);
        api().body(Map.of("public_metadata", Map.of("plan", "free"))).put("/v1/organizations/" + orgId + "/metadata")
                .then().statusCode(200);

        api().body(Map.of("user_id", created, "role", "org:member")).post("/v1/organizations/" + orgId
                + "/memberships").then().statusCode(200);
        api().body(Map.of("user_id", created, "role", "org:member")).post("/v1/organizations/" + orgId
                + "/memberships").then().statusCode(400);
        api().get("/v1/organizations/" + orgId + "/memberships").then().statusCode(200);
        api().body(Map.of("role", "org:admin")).patch("/v1/organizations/" + orgId + "/memberships/" + created).then()
                .statusCode(200);
        api().body(Map.of("public_metadata", Map.of("seat", 3))).patch("/v1/organizations/" + orgId + "/memberships/"
                + created + "/metadata").then().statusCode(200);
        api().get("/v1/users/" + created + "/organization_memberships").then().statusCode(200);
        api().get("/v1/organization_memberships").then().statusCode(200);
        api().delete("/v1/organizations/" + orgId + "/memberships/" + created).then().statusCode(200);
        api().delete("/v1/organizations/" + orgId + "/memberships/" + created).then().statusCode(404);
        api().get("/v1/jwks").then().statusCode(200);
        api().get("/v1/instance").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.equalTo("ins_2fleetfusionemulator0000"));
        api().delete("/v1/organizations/" + orgId).then().statusCode(200);
        api().delete("/v1/users/" + created).then().statusCode(200);
        api().delete("/v1/users/" + created).then().statusCode(404);
        Emulator.backend().get("/v1/users").then().statusCode(401);

        assertThat(ClerkSpec.BACKEND_API.validated().keySet()).containsAll(ControlResource.OPERATIONS);
    }

    @Test
    void frontendApiAndErrorAnswersAreApplicationJsonWithNoParameter() {
        for (String path : List.of("/.well-known/jwks.json", "/.well-known/openid-configuration")) {
            Emulator.control().get(path).then().statusCode(200).header("Content-Type", ClerkSpec.JSON);
        }
        Emulator.control().get("/v1/users").then().statusCode(401).header("Content-Type", ClerkSpec.JSON);
        Emulator.control().body("{not json").auth().oauth2(Emulator.SECRET_KEY).post("/v1/organizations").then()
                .statusCode(422).header("Content-Type", ClerkSpec.JSON);
    }

    @Test
    void theValidatorRefusesWhatIsNotClerks() throws Exception {
        String userId = signUp("strict@fleetfusion.test");
        ObjectNode user = (ObjectNode) new ObjectMapper().readTree(api().get("/v1/users/" + userId).then()
                .statusCode(200).extract().asString());
        String pointer = ClerkSpec.BACKEND_API.responseSchemaPointer(
                ClerkSpec.BACKEND_API.operation("get", "/users/" + userId).orElseThrow(), 200);

        assertThat(ClerkSpec.BACKEND_API.openApiVersion()).startsWith("3.0");
        assertThat(ClerkSpec.BACKEND_API.validate(pointer, user.toString())).isEmpty();
        // nullable (OpenAPI 3.0) is understood: a user without a first name is still a User
        assertThat(ClerkSpec.BACKEND_API.validate(pointer, user.deepCopy().putNull("first_name").toString())).isEmpty();
        assertThat(ClerkSpec.BACKEND_API.validate(pointer, user.deepCopy().put("emulator_only", 1).toString()))
                .isNotEmpty();
        ObjectNode withoutId = user.deepCopy();
        withoutId.remove("id");
        assertThat(ClerkSpec.BACKEND_API.validate(pointer, withoutId.toString())).isNotEmpty();
        assertThat(ClerkSpec.BACKEND_API.validate(pointer, user.deepCopy().put("created_at", "yesterday").toString()))
                .isNotEmpty();
        assertThat(ClerkSpec.WEBHOOKS.openApiVersion()).startsWith("3.0");
    }
}
