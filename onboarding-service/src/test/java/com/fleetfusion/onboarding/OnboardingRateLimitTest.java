package com.fleetfusion.onboarding;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fleetfusion.testsupport.ClerkEmulatorResource;
import com.fleetfusion.testsupport.KafkaResource;
import com.fleetfusion.testsupport.PostgresResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.startsWith;

/** POST /onboarding over HTTP with the per-user admission at two attempts a minute. */
@QuarkusTest
@TestProfile(OnboardingRateLimitTest.TwoAMinute.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(ClerkEmulatorResource.WithSessions.class)
class OnboardingRateLimitTest extends OnboardingTestSupport {

    public static class TwoAMinute implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("onboarding.rate-limit.per-user", "2");
        }
    }

    @Test
    void aUsersThirdAttemptInAMinuteIs429WithRetryAfterAndCallsNoClerk() {
        String user = newUser();
        String token = tokenOf(user);
        // attempts that reach the service count whatever their outcome (a form that fails validation never does)
        submit(token, form(uniqueName("Limited"))).then().statusCode(201);
        submit(token, form(uniqueName("Again"))).then().statusCode(409);
        String retryAfter = submit(token, form(uniqueName("Third"))).then().statusCode(429)
                .contentType(startsWith("application/problem+json")).body("type", endsWith("/onboarding-rate-limited"))
                .extract().header("Retry-After");
        assertThat(Integer.parseInt(retryAfter)).isBetween(1, 60);
        assertThat(clerk.organizationsOf(user).path("total_count").asInt()).isEqualTo(1);
        // another user is admitted
        submit(tokenOf(newUser()), form(uniqueName("Admitted"))).then().statusCode(201);
    }
}
