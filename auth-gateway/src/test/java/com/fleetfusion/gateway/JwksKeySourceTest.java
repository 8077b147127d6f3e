package com.fleetfusion.gateway;

import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fleetfusion.problem.ProblemType;
import com.fleetfusion.testsupport.JwksServer;
import com.fleetfusion.gateway.support.JwksUrlGateway;
import com.fleetfusion.testsupport.SessionTokens;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Keys from a JWKS URL: the gateway starts while the JWKS is unreachable (not ready, but alive), becomes ready when it
 * appears, picks up a rotated key without restart, and refetches on unknown kids at most once per interval (10 s here,
 * a minute by default). A token refused while the keys were unavailable or its kid unknown passes once the key is
 * there: such refusals are never remembered (the refused-token cache holds refusals for 10 min in this test).
 */
@QuarkusTest
@WithTestResource(JwksUrlGateway.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JwksKeySourceTest {

    private static final String CHECK = "checks.find { it.name == 'Clerk signing keys' }.status";
    private static final KeyPair ROTATED = SessionTokens.otherKeyPair();
    private static final KeyPair LATE = SessionTokens.otherKeyPair();

    private static SessionTokens.Builder onboarded() {
        return SessionTokens.v1("user_k").organization("org_k", "acme", "org:admin")
                .metadata(Map.of("onboardingComplete", true));
    }

    @Test
    @Order(1)
    void readinessIsDownUntilTheKeysCanBeLoadedThenUpWithoutRestart() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(503).body(CHECK, equalTo("DOWN"));
        String early = onboarded().sign();
        given().auth().oauth2(early).get("/api/me").then().statusCode(503)
                .contentType("application/problem+json").body("type", equalTo(ProblemType.KEYS_UNAVAILABLE.uri()));

        JwksServer.shared().publish(SessionTokens.KEY_ID, (RSAPublicKey) SessionTokens.publicKey());
        JwksServer.shared().start();

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200).body(CHECK, equalTo("UP")));
        given().auth().oauth2(early).get("/api/me").then().statusCode(200);
    }

    @Test
    @Order(2)
    void rotatedKeyIsPickedUpWithoutRestart() {
        int before = JwksServer.shared().fetches();
        JwksServer.shared().publish("ins_rotated", (RSAPublicKey) ROTATED.getPublic());

        given().auth().oauth2(onboarded().signWith(ROTATED.getPrivate(), "ins_rotated").sign())
                .get("/api/me").then().statusCode(200);
        assertThat(JwksServer.shared().fetches()).as("one refetch for the new kid").isEqualTo(before + 1);
        given().auth().oauth2(onboarded().sign()).get("/api/me").then().statusCode(200);
    }

    @Test
    @Order(3)
    void unknownKidRefetchesTheJwksAtMostOncePerMinute() {
        int before = JwksServer.shared().fetches();
        for (int i = 0; i < 5; i++) {
            given().auth().oauth2(onboarded().signWith(SessionTokens.otherKeyPair().getPrivate(), "ins_unknown_" + i)
                    .sign()).get("/api/me").then().statusCode(401)
                    .body("type", equalTo(ProblemType.TOKEN_UNKNOWN_KEY.uri()));
        }
        assertThat(JwksServer.shared().fetches() - before).isLessThanOrEqualTo(1);
    }

    @Test
    @Order(4)
    void tokenRefusedForAnUnknownKidPassesOnceItsKeyIsPublished() {
        String token = onboarded().signWith(LATE.getPrivate(), "ins_late").sign();
        given().auth().oauth2(token).get("/api/me").then().statusCode(401)
                .body("type", equalTo(ProblemType.TOKEN_UNKNOWN_KEY.uri()));

        JwksServer.shared().publish("ins_late", (RSAPublicKey) LATE.getPublic());
        // the next refetch the interval allows picks the key up; the same token then passes
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                given().auth().oauth2(token).get("/api/me").then().statusCode(200));
    }
}
