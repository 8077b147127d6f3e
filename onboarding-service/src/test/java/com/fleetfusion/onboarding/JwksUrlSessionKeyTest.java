package com.fleetfusion.onboarding;

import java.util.Map;

import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fleetfusion.session.ClerkKeys;
import com.fleetfusion.session.SessionRefusal;
import com.fleetfusion.testsupport.ClerkEmulatorProcess;
import com.fleetfusion.testsupport.ClerkEmulatorResource;
import com.fleetfusion.testsupport.KafkaResource;
import com.fleetfusion.testsupport.PostgresResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** CLERK_JWKS_URL: the session token's keys fetched from the given JWKS URL, with no PEM key and no discovery. */
@QuarkusTest
@TestProfile(JwksUrlSessionKeyTest.JwksUrl.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(ClerkEmulatorResource.WithSessions.class)
class JwksUrlSessionKeyTest extends OnboardingTestSupport {

    /** The emulator's Frontend API JWKS; the query, which the emulator ignores, tells it from the discovered URL. */
    static final String JWKS_URL = ClerkEmulatorProcess.shared().baseUrl() + "/.well-known/jwks.json?via=jwks-url";

    public static class JwksUrl implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            // an empty value is an absent CLERK_JWT_KEY, which would otherwise win
            return Map.of("clerk.jwks-url", JWKS_URL, "clerk.jwt-key", "");
        }
    }

    @Inject
    ClerkKeys keys;

    @Test
    void sessionTokenIsVerifiedWithTheKeysOfTheJwksUrl() {
        submit(tokenOf(newUser()), form(uniqueName("Jwks Freight"))).then().statusCode(201);
    }

    @Test
    void tokenOfAnotherKeyIsRefusedWithTheJwksUrl() {
        submit(emulator.token(newUser(), null, null, "unknown_key"), form(uniqueName("Other Key Freight")))
                .then().statusCode(401)
                .contentType(startsWith("application/problem+json"))
                .header("WWW-Authenticate", equalTo("Bearer"))
                // the emulator's unknown_key signs with a foreign key under its current kid: the signature fails
                .body("type", equalTo(SessionRefusal.TOKEN_SIGNATURE.uri()));
    }

    @Test
    @ActivateRequestContext
    void keysComeFromTheJwksUrlWithoutDiscovery() {
        assertThat(keys.jwksUri()).hasToString(JWKS_URL);
        // discovery would have named the emulator's own JWKS URL, without the query
        assertThat(keys.source()).isEqualTo("jwks-url");
    }
}
