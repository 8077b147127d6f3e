package com.fleetfusion.gateway;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fleetfusion.problem.ProblemType;
import com.fleetfusion.gateway.support.EchoUpstream;
import com.fleetfusion.gateway.support.OfflineKeyGateway;
import com.fleetfusion.testsupport.SessionTokens;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** The route table against a real upstream over HTTP (a Vert.x echo server). */
@QuarkusTest
@WithTestResource(OfflineKeyGateway.class)
class RoutingTest {

    private static final Map<String, Object> ONBOARDED = Map.of("onboardingComplete", true);

    private static String member(String... permissions) {
        return SessionTokens.v1("user_r").organization("org_r", "acme", "org:member", permissions)
                .metadata(ONBOARDED).sign();
    }

    @Test
    void organizationCallReachesTenantStorePathWithTheBearerToken() {
        String token = member();
        given().auth().oauth2(token).queryParam("page", "2")
                .get("/api/orgs/org_r/users/user_x").then().statusCode(200)
                .header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"))
                .body("method", equalTo("GET"))
                .body("path", equalTo("/orgs/org_r/users/user_x"))
                .body("query", equalTo("page=2"))
                .body("headers.authorization", equalTo("Bearer " + token))
                .body("headers.x-request-id", matchesPattern("[0-9a-f-]{36}"));
    }

    @Test
    void sessionCookieBecomesTheBearerTokenUpstreamAndIsNotForwardedAsCookie() {
        String token = member();
        given().cookie("__session", token).cookie("theme", "dark").get("/api/me").then().statusCode(200)
                .body("path", equalTo("/me"))
                .body("headers.authorization", equalTo("Bearer " + token))
                .body("headers.cookie", nullValue());
    }

    @Test
    void requestIdAndTraceContextAreForwarded() {
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        given().auth().oauth2(member()).header("X-Request-Id", "req-42").header("traceparent", traceparent)
                .get("/api/me").then().statusCode(200)
                .header("X-Request-Id", equalTo("req-42"))
                .body("headers.x-request-id", equalTo("req-42"))
                .body("headers.traceparent", equalTo(traceparent));
    }

    @Test
    void requestBodyIsStreamedUpstream() {
        String body = "{\"name\":\"" + "x".repeat(200_000) + "\"}";
        given().auth().oauth2(member()).contentType("application/json").body(body)
                .post("/api/orgs/org_r/things").then().statusCode(200)
                .body("method", equalTo("POST")).body("body", equalTo(body))
                .body("headers.content-type", containsString("application/json"));
    }

    @Test
    void onboardingIsReachableBeforeOnboardingIsComplete() {
        given().auth().oauth2(SessionTokens.v2("user_new").sign()).contentType("application/json")
                .body("{\"organizationName\":\"Acme\"}")
                .post("/api/onboarding").then().statusCode(200)
                .body("path", equalTo("/onboarding")).body("method", equalTo("POST"));
    }

    @Test
    void otherRoutesWaitForOnboarding() {
        int before = EchoUpstream.shared().received();
        given().auth().oauth2(SessionTokens.v2("user_new").sign()).get("/api/me").then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo(ProblemType.ONBOARDING_REQUIRED.uri()));
        assertThat(EchoUpstream.shared().received()).isEqualTo(before);
    }

    @Test
    void organizationRouteNeedsAnActiveOrganization() {
        given().auth().oauth2(SessionTokens.v1("user_noorg").metadata(ONBOARDED).sign())
                .get("/api/orgs/org_r/users").then().statusCode(403)
                .body("type", equalTo(ProblemType.NO_ACTIVE_ORGANIZATION.uri()));
    }

    @Test
    void permissionRouteNeedsThePermission() {
        given().auth().oauth2(member()).get("/api/orgs/org_r/reports/q1").then().statusCode(403)
                .body("type", equalTo(ProblemType.PERMISSION_DENIED.uri()));
        given().auth().oauth2(member("org:reports:read")).get("/api/orgs/org_r/reports/q1").then().statusCode(200)
                .body("path", equalTo("/orgs/org_r/reports/q1"));
    }

    @Test
    void roleRouteNeedsTheRole() {
        given().auth().oauth2(member()).get("/api/orgs/org_r/admin/settings").then().statusCode(403)
                .body("type", equalTo(ProblemType.PERMISSION_DENIED.uri()));
        String admin = SessionTokens.v2("user_a").organization("org_r", "acme", "org:admin").metadata(ONBOARDED).sign();
        given().auth().oauth2(admin).get("/api/orgs/org_r/admin/settings").then().statusCode(200);
    }

    @Test
    void unknownApiPathIs404AndWrongMethodIs405() {
        given().auth().oauth2(member()).get("/api/nothing").then().statusCode(404)
                .contentType("application/problem+json").body("type", equalTo(ProblemType.ROUTE_NOT_FOUND.uri()));
        given().auth().oauth2(member()).delete("/api/me").then().statusCode(405)
                .body("type", equalTo(ProblemType.METHOD_NOT_ALLOWED.uri()));
    }

    @Test
    void problemsDoNotEchoTheRequestPathBeyondItsPlainForm() {
        String marker = "%3Cscript%3Ealert(1)%3C";
        String body = given().auth().oauth2(member()).urlEncodingEnabled(false).get("/api/nothing/" + marker).then()
                .statusCode(404).contentType("application/problem+json")
                .header("X-Content-Type-Options", "nosniff").header("Cache-Control", "no-store")
                .body("instance", nullValue()).extract().asString();
        assertThat(body).doesNotContain("script").doesNotContain("nothing");
        given().auth().oauth2(member()).get("/api/nothing/plain").then().statusCode(404)
                .body("instance", equalTo("/api/nothing/plain")).body("detail", not(containsString("plain")));
    }

    @Test
    void proxiedAnswersCarryTheGatewaysOwnSecurityHeadersOnce() {
        var headers = given().auth().oauth2(member()).get("/api/orgs/org_r/users/user_x").then().statusCode(200)
                .extract().headers();
        assertThat(headers.getValues("Cache-Control")).containsExactly("no-store");
        assertThat(headers.getValues("X-Content-Type-Options")).containsExactly("nosniff");
        given().get("/api/session").then().statusCode(200).header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", "no-store");
    }

    @Test
    void upstreamDownIs502() {
        given().auth().oauth2(member()).get("/api/down").then().statusCode(502)
                .contentType("application/problem+json")
                .body("type", equalTo(ProblemType.UPSTREAM_UNAVAILABLE.uri()));
    }

    @Test
    void upstreamTimeoutIs504() {
        given().auth().oauth2(member()).get("/api/slow").then().statusCode(504)
                .contentType("application/problem+json")
                .body("type", equalTo(ProblemType.UPSTREAM_TIMEOUT.uri()));
    }

    @Test
    void requestsAndUpstreamLatencyAreMeasuredByRoute() {
        given().auth().oauth2(member()).get("/api/me").then().statusCode(200);
        given().accept("text/plain").get("/q/metrics").then().statusCode(200)
                .body(containsString("gateway_requests_total{route=\"me\",status=\"200\""))
                .body(containsString("gateway_upstream_duration_seconds_count{outcome=\"200\",route=\"me\""))
                .body(not(containsString("Bearer ")));
    }
}
