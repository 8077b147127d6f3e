package com.fleetfusion.onboarding;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fleetfusion.onboarding.service.SagaRecovery;
import com.fleetfusion.testsupport.ClerkEmulatorResource;
import com.fleetfusion.testsupport.KafkaResource;
import com.fleetfusion.testsupport.KafkaTopicReader;
import com.fleetfusion.testsupport.PostgresResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Tuple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A crash between two steps (see {@link CrashedSagaSupport}): the recovery job, run here by the test, must finish
 * or undo the saga.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(ClerkEmulatorResource.WithSessions.class)
class SagaRecoveryTest extends CrashedSagaSupport {

    @Inject
    SagaRecovery recovery;

    @Test
    void sagaCrashedAfterCreatingTheOrganizationIsFinishedByTheJob() {
        SagaOrganization crashed = organizationCreatedBySaga("crashed");
        crashedSaga(crashed.saga(), crashed.user(), "ORG_CREATED", crashed.slug(), crashed.orgId());

        recovery.run().await().atMost(Duration.ofSeconds(30));

        assertThat(state(crashed.saga())).isEqualTo("COMPLETED");
        assertOnboardedAsAdminOf(crashed.user(), crashed.orgId());
        await().atMost(Duration.ofSeconds(20)).until(() -> KafkaTopicReader.ofTestBroker()
                .recordsWithHeader("clerk.events", "clerk-event-type", "user.updated").stream()
                .anyMatch(r -> crashed.user().equals(r.keyAsString())));
        // the user is onboarded now: a late resubmission gets the organization, not a second one
        submit(tokenOf(crashed.user()), form(uniqueName("Late Freight"))).then().statusCode(409);
    }

    @Test
    void sagaCrashedBeforeLearningItsOrganizationAdoptsItAndFinishes() {
        SagaOrganization unanswered = organizationCreatedBySaga("unanswered");
        crashedSaga(unanswered.saga(), unanswered.user(), "STARTED", unanswered.slug(), null);

        recovery.run().await().atMost(Duration.ofSeconds(30));

        assertThat(state(unanswered.saga())).isEqualTo("COMPLETED");
        assertThat(clerk.user(unanswered.user()).path("public_metadata").path("organizationId").asText())
                .isEqualTo(unanswered.orgId());
    }

    @Test
    void sagaCrashedBeforeAnyOrganizationExistedIsClosedWithNothingCreated() {
        String user = newUser();
        UUID saga = UUID.randomUUID();
        crashedSaga(saga, user, "STARTED", "never-created-" + saga.toString().substring(0, 8), null);

        recovery.run().await().atMost(Duration.ofSeconds(30));

        assertThat(state(saga)).isEqualTo("FAILED");
        assertThat(clerk.organizationsOf(user).path("total_count").asInt()).isZero();
        // and the user can onboard again
        submit(tokenOf(user), form(uniqueName("Second Try Freight"))).then().statusCode(201);
    }

    @Test
    void sagaCrashedWhileCompensatingIsCompensatedByTheJob() {
        SagaOrganization halfUndone = organizationCreatedBySaga("half-undone");
        clerk.patch("/v1/users/" + halfUndone.user() + "/metadata", Map.of("public_metadata", Map.of(
                "onboardingComplete", true, "organizationId", halfUndone.orgId(), "organizationSlug",
                halfUndone.slug())));
        crashedSaga(halfUndone.saga(), halfUndone.user(), "COMPENSATING", halfUndone.slug(), halfUndone.orgId());

        recovery.run().await().atMost(Duration.ofSeconds(30));

        assertThat(state(halfUndone.saga())).isEqualTo("COMPENSATED");
        assertThat(clerk.get("/v1/organizations/" + halfUndone.orgId()).status()).isEqualTo(404);
        JsonNode metadata = clerk.user(halfUndone.user()).path("public_metadata");
        assertThat(metadata.has("onboardingComplete")).isFalse();
        assertThat(metadata.has("organizationId")).isFalse();
    }

    @Test
    void lateOrganizationOfAnEndedSagaIsDeletedByTheOrphanCheck() {
        String user = newUser();
        UUID saga = UUID.randomUUID();
        String slug = "orphan-" + saga.toString().substring(0, 8);
        crashedSaga(saga, user, "FAILED", slug, null);
        pool.preparedQuery("UPDATE onboarding.sagas SET orphan_check_due = now() - interval '1 second' WHERE id = $1")
                .execute(Tuple.of(saga)).await().atMost(Duration.ofSeconds(5));
        // the CreateOrganization whose answer never came went through after the saga had ended
        String orgId = createdBySaga(saga, user, slug).path("id").asText();

        recovery.run().await().atMost(Duration.ofSeconds(30));

        assertThat(clerk.get("/v1/organizations/" + orgId).status()).isEqualTo(404);
        assertThat(clerk.organizationsOf(user).path("total_count").asInt()).isZero();
    }
}
