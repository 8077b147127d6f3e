package com.fleetfusion.e2e;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fleetfusion.testsupport.SessionTokens;

import io.restassured.specification.RequestSpecification;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

/** Flow 3: missing, expired, forged and other-organization sessions, refused as the original middleware would. */
class AuthenticationIT {

    private final SuiteUnderTest suite = SuiteUnderTest.shared();

    private RequestSpecification gateway() {
        return given().baseUri(suite.gateway.baseUrl()).redirects().follow(false);
    }

    private RequestSpecification browser() {
        return gateway().accept("text/html");
    }

    @Test
    void missingSessionSignsInBrowsersAndAnswersProblemToApiCalls() {
        gateway().get("/api/session").then().statusCode(200)
                .body("signedIn", equalTo(false)).body("next", equalTo("/sign-in"));
        browser().get("/").then().statusCode(302).header("Location", endsWith("/sign-in"));
        browser().get("/dashboard").then().statusCode(302).header("Location", endsWith("/sign-in"));
        gateway().get("/api/me").then().statusCode(401).contentType(containsString("application/problem+json"));
    }

    @Test
    void expiredSessionIsRefused() {
        String userId = suite.emulator().signUpUserId("eve." + UUID.randomUUID() + "@fleetfusion.example", "Eve", "Expired");
        String expired = suite.emulator().token(userId, null, null, "expired");
        gateway().auth().oauth2(expired).get("/api/session").then().statusCode(401)
                .contentType(containsString("application/problem+json")).body("next", equalTo("/sign-in"));
        gateway().auth().oauth2(expired).get("/api/me").then().statusCode(401)
                .contentType(containsString("application/problem+json"));
        browser().cookie("__session", expired).get("/").then().statusCode(302).header("Location", endsWith("/sign-in"));
    }

    @Test
    void forgedSessionIsRefused() {
        String userId = suite.emulator().signUpUserId("mallory." + UUID.randomUUID() + "@fleetfusion.example", "Mallory", "Forger");
        // right issuer and audience, but signed by a key that is not in the instance's JWKS
        String forged = SessionTokens.v2(userId).issuer(suite.clerk.issuer())
                .authorizedParty(suite.spaOrigin).sign();
        gateway().auth().oauth2(forged).get("/api/session").then().statusCode(401)
                .contentType(containsString("application/problem+json"));
        gateway().auth().oauth2(forged).get("/api/me").then().statusCode(401);
        String unknownKey = suite.emulator().token(userId, null, null, "unknown_key");
        gateway().auth().oauth2(unknownKey).get("/api/me").then().statusCode(401);
    }

    @Test
    void anotherOrganizationIsRefusedBeforeAnyUpstreamAndRedirectsBrowsersHome() {
        Journeys.Member alice = Journeys.onboarded(suite, "Alice");
        Journeys.Member bob = Journeys.onboarded(suite, "Bob");

        gateway().auth().oauth2(alice.token()).get("/api/orgs/{orgId}/members", bob.orgId())
                .then().statusCode(403).contentType(containsString("application/problem+json"));
        browser().cookie("__session", alice.token()).get("/{orgId}/dashboard/{userId}", bob.orgId(), bob.userId())
                .then().statusCode(302)
                .header("Location", endsWith("/" + alice.orgId() + "/dashboard/" + alice.userId()));
        // and the tenant-store itself refuses it too, for a caller that bypasses the gateway
        given().baseUri(suite.store.baseUrl()).auth().oauth2(alice.token())
                .get("/orgs/{orgId}/members", bob.orgId()).then().statusCode(403);
    }
}
