package com.fleetfusion.onboarding;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fleetfusion.testsupport.ClerkEmulatorResource;
import com.fleetfusion.testsupport.KafkaResource;
import com.fleetfusion.testsupport.PostgresResource;
import com.fleetfusion.testsupport.SessionRefusalContract;
import com.fleetfusion.testsupport.SessionTokens;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The shared session rules are wired into {@code POST /onboarding}: the refusals every reader of a session gives
 * (token without azp, pending session, iat in the future), with tokens of the test key ({@code CLERK_JWT_KEY}).
 */
@QuarkusTest
@TestProfile(SessionRulesWiringTest.TestKey.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(ClerkEmulatorResource.class)
class SessionRulesWiringTest extends OnboardingTestSupport {

    public static class TestKey implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("clerk.jwt-key", SessionTokens.publicKeyPem(), "clerk.issuer", SessionTokens.ISSUER,
                    "clerk.authorized-parties", SessionTokens.AUTHORIZED_PARTY);
        }
    }

    @Test
    void refusalsAreTheSameAsInEveryServiceThatReadsASession() {
        SessionRefusalContract.assertRefusedAlike("user_wiring", "org_wiring",
                token -> submit(token, form(uniqueName("Wiring Freight"))));
    }

    @Test
    void validTokenOfTheTestKeyReachesTheResource() {
        // a body the validation refuses: proof that the request got past the session filter
        submit(SessionTokens.v2("user_wiring").sign(), Map.of()).then().statusCode(400);
    }
}
