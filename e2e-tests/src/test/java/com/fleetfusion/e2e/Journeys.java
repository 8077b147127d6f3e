package com.fleetfusion.e2e;

import java.util.UUID;

import static io.restassured.RestAssured.given;

/** What a user does before a test can start: sign up, onboard, refresh the session. */
final class Journeys {

    /** A user whose onboarding is complete, with a refreshed session token on their new organization. */
    record Member(String userId, String orgId, String token) {
    }

    private Journeys() {
    }

    static Member onboarded(SuiteUnderTest suite, String firstName) {
        String userId = suite.emulator().signUpUserId(
                firstName.toLowerCase() + "." + UUID.randomUUID() + "@fleetfusion.example", firstName, "Tester");
        String orgId = given().baseUri(suite.gateway.baseUrl()).auth().oauth2(suite.emulator().token(userId))
                .contentType("application/json")
                .body(OnboardingIT.FORM.formatted(firstName + " Logistics " + UUID.randomUUID().toString().substring(0, 8)))
                .post("/api/onboarding")
                .then().statusCode(201)
                .extract().path("organizationId");
        return new Member(userId, orgId, suite.emulator().token(userId));
    }
}
