package com.fleetfusion.e2e;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.restassured.path.json.JsonPath;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** Flow 2: the onboarding form creates the organization and admin membership in Clerk, and the dashboard opens. */
class OnboardingIT {

    static final String FORM = """
            {"organizationName": "%s", "legalName": "Acme Freight LLC", "usdotNumber": "1234567", "fleetSize": 12,
             "contactPhone": "+1 555 0100", "address": {"line1": "1 Main St", "line2": null, "city": "Austin",
             "region": "TX", "postalCode": "73301", "country": "US"}}""";

    private final SuiteUnderTest suite = SuiteUnderTest.shared();

    @Test
    void onboardingCreatesTheOrganizationAndTheRefreshedSessionOpensTheDashboard() {
        String userId = suite.emulator().signUpUserId("olga." + UUID.randomUUID() + "@fleetfusion.example", "Olga", "Owner");
        String name = "Acme Freight " + UUID.randomUUID().toString().substring(0, 8);

        JsonPath created = given().baseUri(suite.gateway.baseUrl()).auth().oauth2(suite.emulator().token(userId))
                .contentType("application/json").body(FORM.formatted(name))
                .post("/api/onboarding")
                .then().statusCode(201)
                .body("refreshSession", equalTo(true))
                .extract().jsonPath();
        String orgId = created.getString("organizationId");
        assertThat(created.getString("next")).isEqualTo("/" + orgId + "/dashboard/" + userId);

        // Clerk has the organization, the admin membership and the user's metadata pointing at it
        given().baseUri(suite.clerk.baseUrl()).auth().oauth2(suite.clerk.secretKey())
                .get("/v1/organizations/{id}", orgId)
                .then().statusCode(200).body("name", equalTo(name)).body("created_by", equalTo(userId));
        given().baseUri(suite.clerk.baseUrl()).auth().oauth2(suite.clerk.secretKey())
                .get("/v1/organizations/{id}/memberships", orgId)
                .then().statusCode(200)
                .body("data.find { it.public_user_data.user_id == '" + userId + "' }.role", equalTo("org:admin"));
        given().baseUri(suite.clerk.baseUrl()).auth().oauth2(suite.clerk.secretKey())
                .get("/v1/users/{id}", userId)
                .then().statusCode(200)
                .body("public_metadata.onboardingComplete", equalTo(true))
                .body("public_metadata.organizationId", equalTo(orgId));

        // the SPA refreshes its session token: the new organization is active and onboarding is complete
        String refreshed = suite.emulator().token(userId);
        given().baseUri(suite.gateway.baseUrl()).auth().oauth2(refreshed)
                .get("/api/session")
                .then().statusCode(200)
                .body("orgId", equalTo(orgId))
                .body("orgRole", equalTo("org:admin"))
                .body("onboardingComplete", equalTo(true))
                .body("next", equalTo("/" + orgId + "/dashboard/" + userId));

        await("the member list through the gateway").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().baseUri(suite.gateway.baseUrl()).auth().oauth2(refreshed)
                        .get("/api/orgs/{orgId}/members", orgId)
                        .then().statusCode(200)
                        .body("data.userId", hasItem(userId))
                        .body("data.find { it.userId == '" + userId + "' }.role", equalTo("org:admin")));
    }
}
