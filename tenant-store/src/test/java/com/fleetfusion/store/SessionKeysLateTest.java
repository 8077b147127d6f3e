package com.fleetfusion.store;

import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fleetfusion.testsupport.JwksServer;
import com.fleetfusion.testsupport.KafkaResource;
import com.fleetfusion.testsupport.PostgresResource;
import com.fleetfusion.testsupport.SessionTokens;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Keys from a JWKS URL that answers only after the service started: tokens are refused with 503 keys-unavailable,
 * then the request that waits for the first JWKS read reaches the resource with its session (the verification
 * completes outside the request's context; the session must still be the request's).
 */
@QuarkusTest
@TestProfile(SessionKeysLateTest.LateJwks.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
class SessionKeysLateTest {

    static final JwksServer JWKS = new JwksServer();

    public static class LateJwks implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("clerk.jwks-url", JWKS.jwksUrl(), "clerk.jwt-key", "", "clerk.issuer", SessionTokens.ISSUER,
                    "clerk.authorized-parties", SessionTokens.AUTHORIZED_PARTY);
        }
    }

    @Test
    void requestThatWaitsForTheFirstJwksReadReachesTheResourceWithItsSession() {
        given().auth().oauth2(SessionTokens.v2("user_late").sign()).get("/me").then().statusCode(503)
                .body("type", equalTo("https://fleetfusion.dev/problems/keys-unavailable"));

        JWKS.publish(SessionTokens.KEY_ID, (RSAPublicKey) SessionTokens.publicKey());
        JWKS.start();
        // the resource ran with the token's subject: an unknown user is a 404 of the lookup, not a 401 or a 500
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                given().auth().oauth2(SessionTokens.v2("user_late").sign()).get("/me").then().statusCode(404)
                        .body("type", equalTo("https://fleetfusion.dev/problems/not-found")));
    }
}
