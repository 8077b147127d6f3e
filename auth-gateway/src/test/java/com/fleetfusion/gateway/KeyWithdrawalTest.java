package com.fleetfusion.gateway;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fleetfusion.problem.ProblemType;
import com.fleetfusion.gateway.support.EmulatorGateway;
import com.fleetfusion.testsupport.ClerkEmulatorClient;
import com.fleetfusion.testsupport.ClerkEmulatorProcess;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.common.WithTestResource;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * A key withdrawn at Clerk (the emulator rotates its signing key and retires the old one) stops verifying within
 * CLERK_JWKS_REFRESH_INTERVAL (1 s here), even for a token the gateway verified and remembered before.
 */
@QuarkusTest
@TestProfile(KeyWithdrawalTest.FastRefresh.class)
@WithTestResource(EmulatorGateway.class)
class KeyWithdrawalTest {

    public static class FastRefresh implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("clerk.jwks-refresh-interval", "1s");
        }
    }

    @Test
    void tokenOfAKeyWithdrawnAtClerkIsRefusedWithinTheRefreshInterval() {
        ClerkEmulatorClient emulator = ClerkEmulatorProcess.shared().client();
        String userId = emulator.signUpUserId("withdrawn-" + UUID.randomUUID() + "@example.com", "Key", "Withdrawn");
        String old = emulator.token(userId);
        given().auth().oauth2(old).get("/api/session").then().statusCode(200).body("signedIn", equalTo(true));

        emulator.rotateKeys(true);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().auth().oauth2(old).get("/api/session").then().statusCode(401)
                        .body("type", equalTo(ProblemType.TOKEN_UNKNOWN_KEY.uri())));
        given().auth().oauth2(emulator.token(userId)).get("/api/session").then().statusCode(200)
                .body("signedIn", equalTo(true));
    }
}
