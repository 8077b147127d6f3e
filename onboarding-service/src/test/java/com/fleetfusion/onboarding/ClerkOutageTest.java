package com.fleetfusion.onboarding;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

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
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

/** Clerk down for longer than retries cover: the circuit breaker opens; a request never outlives its deadline. */
@QuarkusTest
@TestProfile(ClerkOutageTest.ShortFuse.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(ClerkEmulatorResource.WithSessions.class)
// the breaker test leaves GetUser's circuit open for the rest of this Quarkus run: it goes last
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClerkOutageTest extends OnboardingTestSupport {

    /** A breaker that opens after 4 calls of an operation, 1 retry, a 1.5 s deadline. */
    public static class ShortFuse implements QuarkusTestProfile {

        static final String CLERK = "quarkus.fault-tolerance.\"com.fleetfusion.onboarding.client.ClerkBackend\".";

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    CLERK + "circuit-breaker.request-volume-threshold", "4",
                    CLERK + "circuit-breaker.failure-ratio", "0.5",
                    CLERK + "circuit-breaker.delay", "60000",
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
    void circuitOpensAfterRepeatedFailuresAndSparesClerk() {
        emulator.fault("GetUser", 503, 4, null);
        for (int i = 0; i < 2; i++) {
            submit(tokenOf(newUser()), form(uniqueName("Outage Freight"))).then().statusCode(503)
                    .body("type", endsWith("/clerk-unavailable"));
        }
        double callsBefore = metric("clerk_api_call_seconds_count", Map.of("operation", "GetUser"));

        long start = System.nanoTime();
        submit(tokenOf(newUser()), form(uniqueName("Open Circuit Freight"))).then().statusCode(503)
                .body("type", endsWith("/clerk-unavailable"))
                .body("compensated", equalTo(false));

        assertThat(metric("clerk_api_call_seconds_count", Map.of("operation", "GetUser")))
                .as("the open circuit does not call Clerk").isEqualTo(callsBefore);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
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
