package com.fleetfusion.gateway;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fleetfusion.problem.ProblemType;
import com.fleetfusion.gateway.support.OfflineKeyGateway;
import com.fleetfusion.testsupport.SessionTokens;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** Browser navigations get the middleware's redirects, API calls never do; CORS for the SPA's origin only. */
@QuarkusTest
@WithTestResource(OfflineKeyGateway.class)
class BrowserAndCorsTest {

    private static final String SPA = "http://localhost:5173";

    private static RequestSpecification browser() {
        return given().redirects().follow(false).accept("text/html,application/xhtml+xml");
    }

    private static String onboarded() {
        return SessionTokens.v1("user_b").organization("org_b", "acme", "org:admin")
                .metadata(Map.of("onboardingComplete", true)).sign();
    }

    @Test
    void signedOutNavigationRedirectsToSignIn() {
        browser().get("/dashboard").then().statusCode(302).header("Location", "/sign-in");
        browser().get("/org_b/dashboard/user_b").then().statusCode(302).header("Location", "/sign-in");
    }

    @Test
    void invalidTokenNavigationRedirectsToSignIn() {
        browser().cookie("__session", SessionTokens.v1("user_b").issuer("https://evil.example").sign())
                .get("/").then().statusCode(302).header("Location", "/sign-in");
    }

    @Test
    void navigationBeforeOnboardingRedirectsToOnboarding() {
        browser().cookie("__session", SessionTokens.v2("user_new").sign()).get("/dashboard")
                .then().statusCode(302).header("Location", "/onboarding");
        browser().cookie("__session", SessionTokens.v2("user_new").sign()).get("/onboarding")
                .then().statusCode(204);
    }

    @Test
    void onboardedNavigationGoesToOwnDashboardEvenFromAnotherOrganization() {
        browser().cookie("__session", onboarded()).get("/").then().statusCode(302)
                .header("Location", "/org_b/dashboard/user_b");
        browser().cookie("__session", onboarded()).get("/onboarding").then().statusCode(302)
                .header("Location", "/org_b/dashboard/user_b");
        browser().cookie("__session", onboarded()).get("/org_victim/dashboard/user_b").then().statusCode(302)
                .header("Location", "/org_b/dashboard/user_b");
        browser().cookie("__session", onboarded()).get("/org_b/dashboard/user_b").then().statusCode(204);
    }

    @Test
    void apiCallsAreNeverRedirected() {
        browser().get("/api/me").then().statusCode(401).header("Location", nullValue())
                .body("type", equalTo(ProblemType.TOKEN_MISSING.uri()));
        browser().cookie("__session", onboarded()).get("/api/orgs/org_victim/users").then().statusCode(403)
                .header("Location", nullValue());
    }

    @Test
    void preflightFromTheSpaIsAnsweredWithoutToken() {
        given().header("Origin", SPA).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .options("/api/orgs/org_b/users").then().statusCode(200)
                .header("Access-Control-Allow-Origin", SPA)
                .header("Access-Control-Allow-Credentials", "true")
                .header("Access-Control-Allow-Methods", containsString("POST"))
                .header("Access-Control-Allow-Headers", containsString("Authorization"));
    }

    @Test
    void preflightFromAnotherOriginIsRefused() {
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .options("/api/orgs/org_b/users").then().statusCode(403)
                .header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void corsResponseOfAProxiedCallIsTheGatewaysNotTheUpstreams() {
        given().header("Origin", SPA).auth().oauth2(onboarded()).get("/api/me").then().statusCode(200)
                .header("Access-Control-Allow-Origin", SPA)
                .header("Access-Control-Allow-Credentials", "true");
        given().header("Origin", "https://evil.example").auth().oauth2(onboarded()).get("/api/me")
                .then().statusCode(403).header("Access-Control-Allow-Origin", nullValue());
    }
}
