package com.fleetfusion.onboarding;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fleetfusion.testsupport.ClerkEmulatorResource;
import com.fleetfusion.testsupport.KafkaResource;
import com.fleetfusion.testsupport.PostgresResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Tuple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The recovery job on its schedule: nothing here calls it, the Quarkus scheduler does, and only once the saga has
 * been left alone for {@code onboarding.recovery.stuck-after}.
 */
@QuarkusTest
@TestProfile(ScheduledRecoveryTest.RecoveryEverySecond.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(ClerkEmulatorResource.WithSessions.class)
class ScheduledRecoveryTest extends CrashedSagaSupport {

    static final Duration STUCK_AFTER = Duration.ofSeconds(3);

    /**
     * The scheduler on (the %test profile turns it off), every second, taking sagas untouched for 3 s. A stuck-after
     * below the request deadline would steal live sagas; no request runs in this class.
     */
    public static class RecoveryEverySecond implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.scheduler.enabled", "true",
                    "onboarding.recovery.every", "1s",
                    "onboarding.recovery.initial-delay", "1s",
                    "onboarding.recovery.stuck-after", STUCK_AFTER.toSeconds() + "s");
        }
    }

    @Test
    void scheduledJobFinishesASagaOnceItHasBeenStuckLongEnough() {
        SagaOrganization crashed = organizationCreatedBySaga("scheduled");
        // the instance crashed just now, after CreateOrganization
        crashedSaga(crashed.saga(), crashed.user(), "ORG_CREATED", crashed.slug(), crashed.orgId(), Duration.ZERO);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(state(crashed.saga())).isEqualTo("COMPLETED"));

        assertOnboardedAsAdminOf(crashed.user(), crashed.orgId());
        assertThat(secondsFromCrashToRecovery(crashed.saga()))
                .as("the job left the saga alone while it was younger than %s", STUCK_AFTER)
                .isGreaterThanOrEqualTo(STUCK_AFTER.toMillis() / 1000.0);
    }

    /** From the crashed row's creation to the job's first "recover" step in the saga log. */
    double secondsFromCrashToRecovery(UUID saga) {
        return pool.preparedQuery("SELECT extract(epoch FROM min(st.at) - s.created_at)::float8 FROM "
                + "onboarding.saga_steps st JOIN onboarding.sagas s ON s.id = st.saga_id "
                + "WHERE st.saga_id = $1 AND st.step = 'recover' GROUP BY s.created_at")
                .execute(Tuple.of(saga)).await().atMost(Duration.ofSeconds(5)).iterator().next().getDouble(0);
    }
}
