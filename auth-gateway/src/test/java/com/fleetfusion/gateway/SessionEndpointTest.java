package com.fleetfusion.gateway;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fleetfusion.problem.ProblemType;
import com.fleetfusion.gateway.support.OfflineKeyGateway;
import com.fleetfusion.testsupport.SessionTokens;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** GET /api/session: the SPA's question, answered as DESIGN.md says. */
@QuarkusTest
@WithTestResource(OfflineKeyGateway.class)
class SessionEndpointTest {

    @Test
    void noTokenIsSignedOutWithNextSignIn() {
        given().get("/api/session").then().statusCode(200)
                .body("signedIn", equalTo(false)).body("next", equalTo("/sign-in"))
                .body("userId", nullValue());
    }

    @Test
    void invalidTokenIs401ProblemWithNextSignIn() {
        given().auth().oauth2(SessionTokens.v1("user_1").issuer("https://clerk.evil.example").sign())
                .get("/api/session").then().statusCode(401).contentType("application/problem+json")
                .body("type", equalTo(ProblemType.TOKEN_ISSUER.uri()))
                .body("title", equalTo(ProblemType.TOKEN_ISSUER.title()))
                .body("next", equalTo("/sign-in"));
    }

    @Test
    void v1SessionBeforeOnboardingGoesToOnboarding() {
        given().auth().oauth2(SessionTokens.v1("user_new").sign()).get("/api/session").then().statusCode(200)
                .body("signedIn", equalTo(true)).body("userId", equalTo("user_new"))
                .body("onboardingComplete", equalTo(false)).body("next", equalTo("/onboarding"));
    }

    @Test
    void v1SessionAfterOnboardingGoesToItsDashboard() {
        String token = SessionTokens.v1("user_1").sessionId("sess_1")
                .organization("org_1", "acme", "org:admin", "org:dashboard:read")
                .metadata(Map.of("onboardingComplete", true)).sign();
        given().auth().oauth2(token).get("/api/session").then().statusCode(200)
                .body("signedIn", equalTo(true)).body("userId", equalTo("user_1"))
                .body("sessionId", equalTo("sess_1")).body("orgId", equalTo("org_1"))
                .body("orgSlug", equalTo("acme")).body("orgRole", equalTo("org:admin"))
                .body("permissions", contains("org:dashboard:read"))
                .body("onboardingComplete", equalTo(true))
                .body("next", equalTo("/org_1/dashboard/user_1"));
    }

    @Test
    void v2SessionFromTheCookieDecodesTheCompactOrganizationClaim() {
        String token = SessionTokens.v2("user_2")
                .organization("org_2", "fleet", "org:member", "org:dashboard:manage", "org:dashboard:read",
                        "org:teams:read")
                .metadata(Map.of("onboardingComplete", true)).sign();
        given().cookie("__session", token).get("/api/session").then().statusCode(200)
                .body("orgId", equalTo("org_2")).body("orgSlug", equalTo("fleet"))
                .body("orgRole", equalTo("org:member"))
                .body("permissions", contains("org:dashboard:manage", "org:dashboard:read", "org:teams:read"))
                .body("next", equalTo("/org_2/dashboard/user_2"));
    }
}
