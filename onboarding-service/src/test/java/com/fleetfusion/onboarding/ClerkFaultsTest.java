package com.fleetfusion.onboarding;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fleetfusion.testsupport.ClerkEmulatorResource;
import com.fleetfusion.testsupport.KafkaResource;
import com.fleetfusion.testsupport.PostgresResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** Clerk misbehaving, through the emulator's fault injection; the test profile shortens timeouts and backoffs. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(ClerkEmulatorResource.WithSessions.class)
class ClerkFaultsTest extends OnboardingTestSupport {

    /** 1 try + quarkus.fault-tolerance...retry.max-retries (3). */
    static final int ATTEMPTS = 4;

    @BeforeEach
    void noFaultLeftArmed() {
        emulator.reset();
    }

    @Test
    void throttledCallIsRetriedNoEarlierThanRetryAfter() {
        String user = newUser();
        String token = tokenOf(user);
        double retriesBefore = metric("clerk_api_retries_total",
                Map.of("operation", "CreateOrganization", "reason", "429"));
        emulator.fault("CreateOrganization", 429, 1, 1L);

        long start = System.nanoTime();
        submit(token, form(uniqueName("Throttled Freight"))).then().statusCode(201);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(clerk.organizationsOf(user).path("total_count").asInt()).isEqualTo(1);
        assertThat(metric("clerk_api_retries_total", Map.of("operation", "CreateOrganization", "reason", "429")))
                .isEqualTo(retriesBefore + 1);
    }

    @Test
    void serverErrorsAreRetried() {
        String user = newUser();
        String token = tokenOf(user);
        emulator.fault("UpdateUserMetadata", 500, 2, null);

        submit(token, form(uniqueName("Flaky Freight"))).then().statusCode(201);

        assertThat(clerk.user(user).path("public_metadata").path("onboardingComplete").asBoolean()).isTrue();
        assertThat(metric("clerk_api_call_seconds_count", Map.of("operation", "UpdateUserMetadata",
                "outcome", "500"))).isGreaterThanOrEqualTo(2);
    }

    @Test
    void hangingCallTimesOutAndIsRetried() {
        String user = newUser();
        String token = tokenOf(user);
        double timeoutsBefore = metric("clerk_api_retries_total",
                Map.of("operation", "ListOrganizationMemberships", "reason", "timeout"));
        emulator.hang("ListOrganizationMemberships", 2_000, 1);

        submit(token, form(uniqueName("Slow Freight"))).then().statusCode(201);

        assertThat(metric("clerk_api_retries_total",
                Map.of("operation", "ListOrganizationMemberships", "reason", "timeout")))
                .isEqualTo(timeoutsBefore + 1);
        assertThat(clerk.organizationsOf(user).path("total_count").asInt()).isEqualTo(1);
    }

    @Test
    void hangingCreateOrganizationLeavesOneOrganization() {
        String user = newUser();
        String token = tokenOf(user);
        emulator.hang("CreateOrganization", 1_500, 1);

        String orgId = submit(token, form(uniqueName("Hung Create Freight"))).then().statusCode(201)
                .extract().path("organizationId");

        // the hung call is served after the hang: it must not leave a second organization of this user
        org.awaitility.Awaitility.await().pollDelay(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(clerk.organizationsOf(user).path("data").findValuesAsText("id"))
                        .containsExactly(orgId));
    }

    @Test
    void failureAfterTheOrganizationExistsIsCompensatedWithNoOrphanLeft() {
        String user = newUser();
        String token = tokenOf(user);
        String name = uniqueName("Doomed Freight");
        String slug = name.toLowerCase().replace(' ', '-');
        double compensatedBefore = metric("onboarding_registrations_compensated_total", Map.of());
        emulator.fault("UpdateUserMetadata", 503, ATTEMPTS, null);

        Response answer = submit(token, form(name));

        answer.then().statusCode(503)
                .contentType(startsWith("application/problem+json"))
                .body("type", endsWith("/clerk-unavailable"))
                .body("compensated", equalTo(true))
                .body("retryable", equalTo(true));
        assertThat(answer.header("Retry-After")).isNotBlank();
        assertThat(clerk.organizationsOf(user).path("total_count").asInt()).isZero();
        assertThat(clerk.get("/v1/organizations/" + slug).status()).isEqualTo(404);
        assertThat(clerk.user(user).path("public_metadata").has("onboardingComplete")).isFalse();
        assertThat(metric("onboarding_registrations_compensated_total", Map.of())).isEqualTo(compensatedBefore + 1);

        // "you may retry": and it works once Clerk is back
        submit(token, form(name)).then().statusCode(201);
        assertThat(clerk.organizationsOf(user).path("total_count").asInt()).isEqualTo(1);
    }

    @Test
    void refusedStepIsNotRetriedAndNothingIsLeft() {
        String user = newUser();
        String token = tokenOf(user);
        double failedBefore = metric("onboarding_registrations_failed_total", Map.of());
        // a name Clerk refuses but our validation lets through cannot be produced; a deleted user can
        clerk.get("/v1/users/" + user); // exists now
        ClerkBackendProbe.Answer deleted = clerk.delete("/v1/users/" + user);
        assertThat(deleted.status()).isEqualTo(200);

        submit(token, form(uniqueName("Ghost Freight"))).then().statusCode(502)
                .body("type", endsWith("/clerk-refused"));
        assertThat(metric("clerk_api_call_seconds_count", Map.of("operation", "GetUser", "outcome", "404")))
                .isGreaterThanOrEqualTo(1);
        assertThat(metric("onboarding_registrations_failed_total", Map.of())).isEqualTo(failedBefore + 1);
    }
}
