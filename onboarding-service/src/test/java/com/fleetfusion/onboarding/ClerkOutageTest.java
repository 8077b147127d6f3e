package com.fleetfusion.onboarding;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fleetfusion.testsupport.ClerkEmulatorResource;
import com.fleetfusion.testsupport.KafkaResource;
import com.fleetfusion.testsupport.PostgresResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * Clerk down for longer than retries cover: the circuit breaker opens, and closes again after a successful trial once
 * Clerk is back; a request never outlives its deadline.
 */
@QuarkusTest
@TestProfile(ClerkOutageTest.ShortFuse.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(ClerkEmulatorResource.WithSessions.class)
// a fixed order: the breakers' rolling windows span the tests, so each run fills them the same way
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClerkOutageTest extends OnboardingTestSupport {

    /** GetUser's circuit breaker, as SmallRye Fault Tolerance's metrics name it. */
    static final String GET_USER = "com.fleetfusion.onboarding.client.ClerkBackend.getUser";
    /** Long enough for the open circuit's checks on a loaded machine, short enough to wait for. */
    static final Duration BREAKER_DELAY = Duration.ofSeconds(3);

    /** A breaker that opens after 4 calls of an operation and half-opens 3 s later, 1 retry, a 1.5 s deadline. */
    public static class ShortFuse implements QuarkusTestProfile {

        static final String CLERK = "quarkus.fault-tolerance.\"com.fleetfusion.onboarding.client.ClerkBackend\".";

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    CLERK + "circuit-breaker.request-volume-threshold", "4",
                    CLERK + "circuit-breaker.failure-ratio", "0.5",
                    CLERK + "circuit-breaker.delay", String.valueOf(BREAKER_DELAY.toMillis()),
                    CLERK + "retry.max-retries", "1",
                    CLERK + "timeout.value", "1000",
                    "onboarding.deadline", "1500ms");
        }
    }

    @Inject
    Pool pool;

    @BeforeEach
    void noFaultLeftArmed() {
        emulator.reset();
    }

    @Test
    @Order(2)
    void circuitOpensSparesClerkAndClosesAfterAHalfOpenTrial() {
        // Clerk down: a 503 fault armed for many calls; the emulator counts its remaining ones down per call
        emulator.fault("GetUser", 503, 100, null);
        for (int i = 0; i < 2; i++) {
            submit(tokenOf(newUser()), form(uniqueName("Outage Freight"))).then().statusCode(503)
                    .body("type", endsWith("/clerk-unavailable"));
        }
        int clerkCallsBefore = getUserCallsDuringOutage();
        double callsBefore = metric("clerk_api_call_seconds_count", Map.of("operation", "GetUser"));
        assertThat(metric("ft_circuitbreaker_opened_total", Map.of("method", GET_USER))).isEqualTo(1);

        long start = System.nanoTime();
        submit(tokenOf(newUser()), form(uniqueName("Open Circuit Freight"))).then().statusCode(503)
                .contentType(startsWith("application/problem+json"))
                .body("type", endsWith("/clerk-unavailable"))
                .body("compensated", equalTo(false));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(getUserCallsDuringOutage()).as("the open circuit does not call Clerk").isEqualTo(clerkCallsBefore);
        assertThat(metric("clerk_api_call_seconds_count", Map.of("operation", "GetUser"))).isEqualTo(callsBefore);

        // Clerk healthy again (the reset disarms the fault, and forgets the users): once the delay has passed, the
        // half-open circuit lets a trial call through and onboarding works again
        emulator.reset();
        String token = tokenOf(newUser());
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                .until(() -> submit(token, form(uniqueName("Trial Freight"))).statusCode() == 201);
        submit(tokenOf(newUser()), form(uniqueName("Closed Again Freight"))).then().statusCode(201);

        assertThat(metric("ft_circuitbreaker_state_current", Map.of("method", GET_USER, "state", "closed")))
                .as("two successful trials (success-threshold) close the circuit").isEqualTo(1);
        assertThat(metric("ft_circuitbreaker_opened_total", Map.of("method", GET_USER))).isEqualTo(1);
    }

    /** GetUser calls that reached the emulator since its fault was armed: the fault counts them down. */
    int getUserCallsDuringOutage() {
        JsonNode fault = clerk.get("/__emulator/faults").body().get(0);
        return fault.path("count").asInt() - fault.path("remaining").asInt();
    }

    @Test
    @Order(1)
    void requestDeadlineCompensatesTheOrganizationAlreadyCreated() {
        String user = newUser();
        String token = tokenOf(user);
        emulator.hang("ListOrganizationMemberships", 3_000, 2);

        long start = System.nanoTime();
        submit(token, form(uniqueName("Deadline Freight"))).then().statusCode(503)
                .body("compensated", equalTo(true));

        // a loaded machine adds compensation time; what matters is that the deadline, not Clerk, ended it
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        Row saga = pool.preparedQuery("SELECT state, failure FROM onboarding.sagas WHERE user_id = $1")
                .execute(Tuple.of(user)).await().atMost(Duration.ofSeconds(5)).iterator().next();
        assertThat(saga.getString("state")).isEqualTo("COMPENSATED");
        assertThat(saga.getString("failure")).isEqualTo("DeadlineExceededException");
        assertThat(clerk.organizationsOf(user).path("total_count").asInt()).isZero();
        assertThat(clerk.user(user).path("public_metadata").has("onboardingComplete")).isFalse();
    }
}
