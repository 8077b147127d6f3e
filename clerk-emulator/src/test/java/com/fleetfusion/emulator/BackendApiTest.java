package com.fleetfusion.emulator;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import static com.fleetfusion.emulator.Emulator.api;
import static com.fleetfusion.emulator.Emulator.control;
import static com.fleetfusion.emulator.Emulator.createOrganization;
import static com.fleetfusion.emulator.Emulator.signUp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/** The Backend API under /v1, as Clerk answers it: objects, lists, metadata semantics, and Clerk's error bodies. */
@QuarkusTest
class BackendApiTest {

    @BeforeEach
    void emptyInstance() {
        Emulator.reset();
    }

    @Test
    void withoutTheSecretKeyTheAnswerIs401InClerksErrorShape() {
        Emulator.backend().get("/v1/users").then().statusCode(401)
                .body("errors[0].code", equalTo("authorization_header_format_invalid"))
                .body("errors[0].message", notNullValue()).body("errors[0].long_message", notNullValue())
                .body("clerk_trace_id", notNullValue());
        Emulator.backend().auth().oauth2("sk_test_wrong").get("/v1/users").then().statusCode(401)
                .body("errors[0].code", equalTo("clerk_key_invalid"));
    }

    @Test
    void aSignUpCreatesAUserWithAVerifiedPrimaryEmailAddress() {
        String userId = signUp("Grace@FleetFusion.test");

        api().get("/v1/users/" + userId).then().statusCode(200)
                .body("object", equalTo("user")).body("id", startsWith("user_"))
                .body("first_name", equalTo("Ada")).body("last_name", equalTo("Lovelace"))
                .body("email_addresses[0].email_address", equalTo("grace@fleetfusion.test"))
                .body("email_addresses[0].verification.status", equalTo("verified"))
                .body("primary_email_address_id", equalTo(
                        api().get("/v1/users/" + userId).then().extract().<String>path("email_addresses[0].id")))
                .body("public_metadata", equalTo(Map.of()));
    }

    @Test
    void usersAreCreatedListedNewestFirstPagedAndDeleted() {
        String first = api().body(Map.of("email_address", List.of("one@fleetfusion.test"), "first_name", "One"))
                .post("/v1/users").then().statusCode(200).extract().path("id");
        String second = signUp("two@fleetfusion.test");
        String third = signUp("three@fleetfusion.test");

        api().get("/v1/users").then().statusCode(200).body("id", contains(third, second, first));
        api().queryParam("limit", 1).queryParam("offset", 1).get("/v1/users").then().body("id", contains(second));
        api().queryParam("email_address", "one@fleetfusion.test").get("/v1/users").then().body("id", contains(first));

        api().delete("/v1/users/" + second).then().statusCode(200)
                .body("object", equalTo("user")).body("id", equalTo(second)).body("deleted", equalTo(true));
        api().get("/v1/users/" + second).then().statusCode(404).body("errors[0].code", equalTo("resource_not_found"));
        api().get("/v1/users").then().body("id", contains(third, first));
    }

    @Test
    void aTakenEmailAddressIsRefused() {
        signUp("taken@fleetfusion.test");
        api().body(Map.of("email_address", List.of("taken@fleetfusion.test"))).post("/v1/users").then()
                .statusCode(422).body("errors[0].code", equalTo("form_identifier_exists"))
                .body("errors[0].meta.param_name", equalTo("email_address"));
    }

    @Test
    void patchingMetadataDeepMergesAndNullDeletesAKey() {
        String userId = signUp("meta@fleetfusion.test");
        api().body(Map.of("public_metadata", Map.of("onboarding", Map.of("step", 1, "plan", "pro"), "keep", "me")))
                .patch("/v1/users/" + userId + "/metadata").then().statusCode(200);
        Map<String, Object> patch = new HashMap<>();
        Map<String, Object> onboarding = new HashMap<>();
        onboarding.put("step", 2);
        onboarding.put("plan", null);
        patch.put("onboarding", onboarding);
        patch.put("onboardingComplete", true);

        api().body(Map.of("public_metadata", patch, "private_metadata", Map.of("secret", "x")))
                .patch("/v1/users/" + userId + "/metadata").then().statusCode(200)
                .body("public_metadata", equalTo(Map.of("onboarding", Map.of("step", 2), "keep", "me",
                        "onboardingComplete", true)))
                .body("private_metadata", equalTo(Map.of("secret", "x")));
    }

    @Test
    void puttingMetadataReplacesOnlyTheFieldsGiven() {
        String userId = signUp("put@fleetfusion.test");
        api().body(Map.of("public_metadata", Map.of("a", 1, "b", 2), "unsafe_metadata", Map.of("u", 1)))
                .patch("/v1/users/" + userId + "/metadata").then().statusCode(200);

        api().body(Map.of("public_metadata", Map.of("c", 3))).put("/v1/users/" + userId + "/metadata").then()
                .statusCode(200).body("public_metadata", equalTo(Map.of("c", 3)))
                .body("unsafe_metadata", equalTo(Map.of("u", 1)));
    }

    @Test
    void anOrganizationsCreatorBecomesItsAdmin() {
        String userId = signUp("creator@fleetfusion.test");
        String orgId = api().body(Map.of("name", "Acme Fleet", "slug", "acme", "created_by", userId,
                "public_metadata", Map.of("tier", "gold"), "max_allowed_memberships", 10))
                .post("/v1/organizations").then().statusCode(200)
                .body("object", equalTo("organization")).body("slug", equalTo("acme"))
                .body("created_by", equalTo(userId)).body("members_count", equalTo(1))
                .body("max_allowed_memberships", equalTo(10)).body("public_metadata.tier", equalTo("gold"))
                .extract().path("id");

        api().get("/v1/organizations/" + orgId + "/memberships").then().statusCode(200)
                .body("total_count", equalTo(1)).body("data[0].role", equalTo("org:admin"))
                .body("data[0].role_name", equalTo("Admin"))
                .body("data[0].public_user_data.user_id", equalTo(userId))
                .body("data[0].public_user_data.identifier", equalTo("creator@fleetfusion.test"))
                .body("data[0].organization.id", equalTo(orgId));
        api().get("/v1/users/" + userId + "/organization_memberships").then().statusCode(200)
                .body("data[0].organization.id", equalTo(orgId));
    }

    @Test
    void anOrganizationIsFoundByIdOrSlugAndATakenSlugIsRefused() {
        String userId = signUp("slug@fleetfusion.test");
        String orgId = createOrganization("Acme Fleet", "acme", userId);

        api().get("/v1/organizations/acme").then().statusCode(200).body("id", equalTo(orgId));
        api().body(Map.of("name", "Another", "slug", "acme")).post("/v1/organizations").then().statusCode(422)
                .body("errors[0].code", equalTo("form_identifier_exists"))
                .body("errors[0].meta.param_name", equalTo("slug"));
        api().get("/v1/organizations/org_doesnotexist").then().statusCode(404)
                .body("errors[0].code", equalTo("resource_not_found"));
    }

    @Test
    void malformedBodiesAreRefusedWithFormParamErrors() {
        api().body(Map.of("slug", "no-name")).post("/v1/organizations").then().statusCode(422)
                .body("errors[0].code", equalTo("form_param_missing"))
                .body("errors[0].meta.param_name", equalTo("name"));
        api().body(Map.of("name", "Bad Slug", "slug", "Not A Slug")).post("/v1/organizations").then().statusCode(422)
                .body("errors[0].code", equalTo("form_param_format_invalid"))
                .body("errors[0].meta.param_name", equalTo("slug"));
        api().body("{\"name\": ").post("/v1/organizations").then().statusCode(422)
                .body("errors[0].code", startsWith("form_param_"));
        api().body(Map.of("name", 42)).post("/v1/organizations").then().statusCode(422)
                .body("errors[0].code", equalTo("form_param_format_invalid"));
        api().queryParam("limit", 501).get("/v1/organizations").then().statusCode(422)
                .body("errors[0].code", equalTo("form_param_value_invalid"));
    }

    @Test
    void organizationsAreListedPagedAndTheirMetadataMerged() {
        String userId = signUp("lists@fleetfusion.test");
        String a = createOrganization("Alpha", "alpha", userId);
        String b = createOrganization("Beta", "beta", userId);

        api().get("/v1/organizations").then().statusCode(200).body("total_count", equalTo(2))
                .body("data.id", contains(b, a));
        api().queryParam("limit", 1).queryParam("offset", 1).get("/v1/organizations").then()
                .body("total_count", equalTo(2)).body("data.id", contains(a));
        api().queryParam("query", "alp").get("/v1/organizations").then().body("data.id", contains(a));

        api().body(Map.of("public_metadata", Map.of("x", Map.of("y", 1)))).patch("/v1/organizations/" + a + "/metadata")
                .then().statusCode(200);
        api().body(Map.of("public_metadata", Map.of("x", Map.of("z", 2)))).patch("/v1/organizations/" + a + "/metadata")
                .then().statusCode(200).body("public_metadata.x", equalTo(Map.of("y", 1, "z", 2)));
    }

    @Test
    void membershipsAreCreatedOnceFilteredUpdatedAndDeleted() {
        String admin = signUp("admin@fleetfusion.test");
        String member = signUp("member@fleetfusion.test");
        String orgId = createOrganization("Acme Fleet", "acme", admin);

        api().body(Map.of("user_id", member, "role", "org:member")).post("/v1/organizations/" + orgId + "/memberships")
                .then().statusCode(200).body("object", equalTo("organization_membership"))
                .body("id", startsWith("orgmem_")).body("role", equalTo("org:member"))
                .body("organization.members_count", equalTo(2));
        api().body(Map.of("user_id", member, "role", "org:member")).post("/v1/organizations/" + orgId + "/memberships")
                .then().statusCode(400).body("errors[0].code", equalTo("already_a_member_in_organization"));

        api().queryParam("role", "org:member").get("/v1/organizations/" + orgId + "/memberships").then()
                .body("total_count", equalTo(1)).body("data[0].public_user_data.user_id", equalTo(member));
        api().queryParam("user_id", "-" + member).get("/v1/organizations/" + orgId + "/memberships").then()
                .body("data.public_user_data.user_id", contains(admin));
        api().queryParam("limit", 1).get("/v1/organizations/" + orgId + "/memberships").then()
                .body("total_count", equalTo(2)).body("data", hasSize(1));

        api().body(Map.of("role", "org:admin")).patch("/v1/organizations/" + orgId + "/memberships/" + member).then()
                .statusCode(200).body("role", equalTo("org:admin"));
        api().delete("/v1/organizations/" + orgId + "/memberships/" + member).then().statusCode(200)
                .body("public_user_data.user_id", equalTo(member));
        api().delete("/v1/organizations/" + orgId + "/memberships/" + member).then().statusCode(404);
        api().get("/v1/organization_memberships").then().statusCode(200).body("total_count", equalTo(1));
    }

    @Test
    void aMembershipNeedsAKnownUserAndRole() {
        String admin = signUp("roles@fleetfusion.test");
        String orgId = createOrganization("Acme Fleet", "acme", admin);

        api().body(Map.of("user_id", "user_nobody", "role", "org:member"))
                .post("/v1/organizations/" + orgId + "/memberships").then().statusCode(404)
                .body("errors[0].code", equalTo("resource_not_found"));
        api().body(Map.of("user_id", admin)).post("/v1/organizations/" + orgId + "/memberships").then()
                .statusCode(422).body("errors[0].meta.param_name", equalTo("role"));
    }

    @Test
    void deletingAnOrganizationRemovesItsMemberships() {
        String userId = signUp("gone@fleetfusion.test");
        String orgId = createOrganization("Gone Fleet", "gone", userId);

        api().delete("/v1/organizations/" + orgId).then().statusCode(200)
                .body("object", equalTo("organization")).body("id", equalTo(orgId)).body("slug", equalTo("gone"))
                .body("deleted", equalTo(true));
        api().get("/v1/users/" + userId + "/organization_memberships").then().statusCode(200)
                .body("total_count", equalTo(0));
        api().get("/v1/organizations/" + orgId).then().statusCode(404);
    }

    @Test
    void concurrentCreationsOfOneSlugYieldExactlyOneOrganization() throws Exception {
        String userId = signUp("race@fleetfusion.test");
        List<java.util.concurrent.Callable<Integer>> attempts = java.util.stream.IntStream.range(0, 16)
                .<java.util.concurrent.Callable<Integer>>mapToObj(i -> () -> api()
                        .body(Map.of("name", "Race " + i, "slug", "race", "created_by", userId))
                        .post("/v1/organizations").statusCode())
                .toList();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<Integer> statuses = pool.invokeAll(attempts).stream().map(f -> {
                try {
                    return f.get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
            assertThat(statuses).containsOnly(200, 422).filteredOn(s -> s == 200).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        api().get("/v1/users/" + userId + "/organization_memberships").then().body("total_count", equalTo(1));
    }

    @Test
    void anArmedFaultAnswersTheNextCallsOfItsOperationThenStops() {
        String userId = signUp("fault@fleetfusion.test");
        control().body(Map.of("operation", "CreateOrganization", "status", 429, "count", 2, "retry_after_seconds", 7))
                .post("/__emulator/faults").then().statusCode(200).body("operation", equalTo("CreateOrganization"))
                .body("count", equalTo(2));

        for (int i = 0; i < 2; i++) {
            api().body(Map.of("name", "Faulty", "created_by", userId)).post("/v1/organizations").then()
                    .statusCode(429).header("Retry-After", "7")
                    .body("errors[0].code", equalTo("too_many_requests"));
        }
        api().get("/v1/users/" + userId).then().statusCode(200);
        api().body(Map.of("name", "Faulty", "created_by", userId)).post("/v1/organizations").then().statusCode(200);
        api().get("/v1/organizations").then().body("total_count", equalTo(1));
    }

    @Test
    void serverErrorFaultsAreClerkShaped() {
        String userId = signUp("fault5xx@fleetfusion.test");
        control().body(Map.of("operation", "UpdateUserMetadata", "status", 503)).post("/__emulator/faults").then()
                .statusCode(200);
        control().body(Map.of("operation", "UpdateUserMetadata", "status", 500)).post("/__emulator/faults").then()
                .statusCode(200);

        api().body(Map.of("public_metadata", Map.of("a", 1))).patch("/v1/users/" + userId + "/metadata").then()
                .statusCode(503).body("errors[0].code", notNullValue());
        api().body(Map.of("public_metadata", Map.of("a", 1))).patch("/v1/users/" + userId + "/metadata").then()
                .statusCode(500).body("errors[0].code", equalTo("internal_clerk_error"));
        api().get("/v1/users/" + userId).then().body("public_metadata", equalTo(Map.of()));
    }

    @Test
    void aHangingFaultDelaysTheCallThenServesIt() {
        String userId = signUp("hang@fleetfusion.test");
        control().body(Map.of("operation", "GetUser", "hang_ms", 600)).post("/__emulator/faults").then()
                .statusCode(200).body("hang_ms", equalTo(600));

        long started = System.nanoTime();
        api().get("/v1/users/" + userId).then().statusCode(200);
        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(600);
    }

    @Test
    void aFaultForAnUnknownOperationIsRefused() {
        control().body(Map.of("operation", "NoSuchOperation", "status", 500)).post("/__emulator/faults").then()
                .statusCode(422).contentType("application/problem+json").body("status", equalTo(422));
        control().body(Map.of("operation", "GetUser", "status", 418)).post("/__emulator/faults").then()
                .statusCode(422);
    }

    @Test
    void unknownBackendPathsAnswerClerksNotFound() {
        api().get("/v1/nothing-here").then().statusCode(404).body("errors[0].code", equalTo("resource_not_found"))
                .body("clerk_trace_id", notNullValue());
    }

    @Test
    void resetEmptiesTheInstance() {
        signUp("reset@fleetfusion.test");
        control().post("/__emulator/reset").then().statusCode(200).body("users", equalTo(0));
        api().get("/v1/users").then().body("$", hasSize(0));
        api().get("/v1/users/user_x").then().body("errors[0].meta.param_name", nullValue());
    }

    @Test
    void controlApiRefusalsAreProblemJson() {
        control().body(Map.of("first_name", "No Email")).post("/__emulator/sign-ups").then().statusCode(422)
                .contentType("application/problem+json").body("title", notNullValue());
        control().body(Map.of("user_id", "user_nobody")).post("/__emulator/tokens").then().statusCode(404);
        control().body(Map.of("user_id", signUp("v3@fleetfusion.test"), "version", 3)).post("/__emulator/tokens")
                .then().statusCode(422);
        control().body(Map.of("duplicate_rate", 2.0)).post("/__emulator/delivery").then().statusCode(422);
        control().body(Map.of("url", "ftp://x")).post("/__emulator/webhook-endpoints").then().statusCode(422);
        api().get("/v1/organizations").then().body("data", containsInAnyOrder());
    }
}
