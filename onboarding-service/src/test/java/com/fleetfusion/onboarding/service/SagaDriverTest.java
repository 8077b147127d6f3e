package com.fleetfusion.onboarding.service;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

import com.fleetfusion.clerk.client.ClerkApiException;
import com.fleetfusion.clerk.client.ClerkUnavailableException;
import com.fleetfusion.onboarding.model.OnboardingResponse;
import com.fleetfusion.onboarding.model.SagaRow;
import com.fleetfusion.onboarding.model.SagaState;

import io.smallrye.mutiny.Uni;

import static com.fleetfusion.onboarding.service.SagaTestKit.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/**
 * The driver: the table run in order from the recorded state, stopping when done; the undos in reverse order; the
 * deadline; admission (Idempotency-Key replay, one saga per user); the recovery job's entry points.
 */
class SagaDriverTest {

    private final SagaTestKit kit = new SagaTestKit();
    private final OnboardingSaga saga = kit.saga();

    private OnboardingResponse onboard(String idempotencyKey) {
        return saga.onboard(USER, form("Acme Freight", null), idempotencyKey).await().atMost(WAIT);
    }

    @Test
    void aNewSagaRunsEveryStepInTableOrderAndCompletes() {
        kit.clerkAnswersEverything();

        OnboardingResponse answer = onboard(null);

        assertThat(answer).isEqualTo(OnboardingResponse.of(ORG, "acme-freight", USER));
        assertThat(kit.store.steps).containsExactly("start:ok", "read-user:ok", "create-organization:attempt",
                "create-organization:ok", "ensure-admin-membership:ok", "update-user-metadata:ok", "publish-events:ok");
        assertThat(kit.events.types()).containsExactly("organization.created", "organizationMembership.created",
                "user.updated");
        assertThat(kit.counter("onboarding.registrations.completed")).isEqualTo(1);
        // the answers of this run feed the events: nothing fetched again
        verify(kit.clerk).getUser(USER);
        verify(kit.clerk, never()).getOrganization(anyString());
    }

    @Test
    void aRecordedSagaResumesAtItsStateAndSkipsTheStepsDoneBefore() {
        kit.clerkAnswersEverything();
        when(kit.clerk.getOrganization(ORG)).thenReturn(ok(organization(ORG, "acme-freight", USER, "x")));
        SagaRow crashed = kit.recorded(SagaState.MEMBERSHIP_ENSURED);

        OnboardingResponse answer = saga.drive(crashed, inFiveSeconds()).await().atMost(WAIT);

        assertThat(answer.organizationId()).isEqualTo(ORG);
        assertThat(kit.store.steps).containsExactly("update-user-metadata:ok", "publish-events:ok");
        verify(kit.clerk, never()).createOrganization(anyString(), anyString(), anyString(), any(), anyString());
        verify(kit.clerk, never()).createOrganizationMembership(anyString(), anyString(), anyString());
        assertThat(kit.store.row(crashed.id()).state()).isEqualTo(SagaState.COMPLETED);
    }

    @Test
    void aCompletedSagaStopsAtOnceWithItsAnswer() {
        SagaRow done = kit.store.put(kit.recorded(SagaState.METADATA_SET)
                .completed(OnboardingResponse.of(ORG, "acme-freight", USER)));

        OnboardingResponse answer = saga.drive(done, inFiveSeconds()).await().atMost(WAIT);

        assertThat(answer.organizationId()).isEqualTo(ORG);
        verifyNoInteractions(kit.clerk);
        assertThat(kit.store.steps).isEmpty();
    }

    @Test
    void aFailureAfterTheOrganizationExistsUndoesInReverseOrder() {
        kit.clerkAnswersEverything();
        ClerkApiException refusal = refused("UpdateUserMetadata", 422, "form_param_value_invalid");
        Map<String, Object> onboarded = Map.of("onboardingComplete", true, "organizationId", ORG,
                "organizationSlug", "acme-freight", "role", "org:admin");
        when(kit.clerk.updateUserMetadata(USER, onboarded)).thenReturn(fails(refusal));

        Throwable failure = catchThrowable(() -> onboard(null));

        assertThat(failure).isInstanceOfSatisfying(SagaFailedException.class, failed -> {
            assertThat(failed.ended()).isEqualTo(SagaState.COMPENSATED);
            assertThat(failed.getCause()).isSameAs(refusal);
        });
        InOrder undo = inOrder(kit.clerk);
        undo.verify(kit.clerk).deleteOrganization(ORG);
        undo.verify(kit.clerk).updateUserMetadata(USER, previousMetadata());
        assertThat(kit.events.types()).containsExactly("organization.deleted", "user.updated");
        assertThat(kit.store.steps).endsWith("compensate:start", "compensate:undone");
        assertThat(kit.store.rows.values()).singleElement()
                .satisfies(row -> assertThat(row.state()).isEqualTo(SagaState.COMPENSATED));
        assertThat(kit.counter("onboarding.registrations.compensated")).isEqualTo(1);
        assertThat(kit.counter("onboarding.registrations.completed")).isZero();
    }

    @Test
    void aFailureBeforeAnyOrganizationEndsFailedWithAnOrphanCheckAndNoUndo() {
        kit.clerkAnswersEverything();
        when(kit.clerk.createOrganization(anyString(), anyString(), anyString(), any(), anyString()))
                .thenReturn(fails(unavailable("CreateOrganization")));
        when(kit.clerk.getOrganization("acme-freight")).thenReturn(fails(refused("GetOrganization", 404,
                "resource_not_found")));

        Throwable failure = catchThrowable(() -> onboard(null));

        assertThat(failure).isInstanceOfSatisfying(SagaFailedException.class, failed -> {
            assertThat(failed.ended()).isEqualTo(SagaState.FAILED);
            assertThat(failed.getCause()).isInstanceOf(ClerkUnavailableException.class);
        });
        verify(kit.clerk, never()).deleteOrganization(anyString());
        verify(kit.clerk, never()).updateUserMetadata(anyString(), any());
        assertThat(kit.store.orphanChecks).hasSize(1);
        assertThat(kit.store.steps).endsWith("compensate:start", "compensate:nothing-created");
        assertThat(kit.counter("onboarding.registrations.failed")).isEqualTo(1);
    }

    @Test
    void anUndoThatFailsLeavesTheSagaCompensatingForTheRecoveryJob() {
        kit.clerkAnswersEverything();
        when(kit.clerk.listOrganizationMemberships(ORG, USER)).thenReturn(fails(unavailable("List")));
        when(kit.clerk.deleteOrganization(ORG)).thenReturn(fails(unavailable("DeleteOrganization")));

        Throwable failure = catchThrowable(() -> onboard(null));

        assertThat(failure).isInstanceOfSatisfying(SagaFailedException.class,
                failed -> assertThat(failed.ended()).isEqualTo(SagaState.COMPENSATING));
        assertThat(kit.store.rows.values()).singleElement()
                .satisfies(row -> assertThat(row.state()).isEqualTo(SagaState.COMPENSATING));
    }

    @Test
    void theDeadlineStopsAHungStepAndUndoesTheSaga() {
        kit.clerkAnswersEverything();
        when(kit.clerk.listOrganizationMemberships(ORG, USER)).thenReturn(Uni.createFrom().nothing());
        SagaRow created = kit.recorded(SagaState.ORG_CREATED);

        Throwable failure = catchThrowable(() -> saga.drive(created, java.time.Instant.now().plusMillis(200))
                .await().atMost(WAIT));

        assertThat(failure).isInstanceOfSatisfying(SagaFailedException.class, failed -> {
            assertThat(failed.getCause()).isInstanceOf(DeadlineExceededException.class);
            assertThat(failed.ended()).isEqualTo(SagaState.COMPENSATED);
        });
        verify(kit.clerk).deleteOrganization(ORG);
    }

    @Test
    void aUserOnboardedInClerkGets409AndTheSagaEndsFailedWithoutUndo() {
        when(kit.clerk.getUser(USER)).thenReturn(ok(user(Map.of("onboardingComplete", true,
                "organizationId", "org_earlier"))));

        Throwable failure = catchThrowable(() -> onboard(null));

        assertThat(failure).isInstanceOf(OnboardingCompleteException.class);
        assertThat(kit.store.steps).containsExactly("start:ok", "read-user:already-complete");
        assertThat(kit.store.rows.values()).singleElement()
                .satisfies(row -> assertThat(row.state()).isEqualTo(SagaState.FAILED));
        verify(kit.clerk, never()).deleteOrganization(anyString());
    }

    @Test
    void theSameIdempotencyKeyReplaysTheFirstAnswerWithoutCallingClerk() {
        kit.clerkAnswersEverything();
        OnboardingResponse first = onboard("click-1");
        org.mockito.Mockito.clearInvocations(kit.clerk);

        assertThat(onboard("click-1")).isEqualTo(first);
        verifyNoInteractions(kit.clerk);
    }

    @Test
    void aUserOnboardedInTheLogGets409WithTheirOrganization() {
        kit.clerkAnswersEverything();
        onboard(null);

        Throwable failure = catchThrowable(() -> onboard(null));

        assertThat(failure).isInstanceOfSatisfying(OnboardingCompleteException.class,
                complete -> assertThat(complete.organizationId()).isEqualTo(ORG));
    }

    @Test
    void aSecondSagaOfTheUserWaitsForTheFirstAndGets409WhenItOutlastsTheDeadline() {
        SagaTestKit shortDeadline = new SagaTestKit() {
            {
                when(config.deadline()).thenReturn(Duration.ofMillis(150));
            }
        };
        shortDeadline.recorded(SagaState.ORG_CREATED); // another tab's saga, still running

        Throwable failure = catchThrowable(() -> shortDeadline.saga().onboard(USER, form("Acme Freight", null), null)
                .await().atMost(WAIT));

        assertThat(failure).isInstanceOf(OnboardingInProgressException.class);
        verifyNoInteractions(shortDeadline.clerk);
    }

    @Test
    void recoveryAdoptsTheOrganizationOfACrashedCreateOrClosesTheSaga() {
        SagaRow crashed = kit.store.put(kit.recorded(SagaState.STARTED).withSlug("acme-freight"));
        when(kit.clerk.getOrganization("acme-freight"))
                .thenReturn(ok(organization(ORG, "acme-freight", USER, crashed.id().toString())));

        SagaRow adopted = saga.compensateOrAdopt(crashed).await().atMost(WAIT);

        assertThat(adopted.state()).isEqualTo(SagaState.ORG_CREATED);
        assertThat(adopted.organizationId()).isEqualTo(ORG);
        assertThat(kit.store.steps).containsExactly("recover:adopted");

        SagaRow other = kit.store.put(SagaRow.start("user_other", null, form("Other", null)).withSlug("other"));
        when(kit.clerk.getOrganization("other")).thenReturn(fails(refused("GetOrganization", 404, "not_found")));
        assertThat(saga.compensateOrAdopt(other).await().atMost(WAIT).state()).isEqualTo(SagaState.FAILED);
        assertThat(kit.store.steps).endsWith("compensate:abandoned");
    }

    @Test
    void recoveryFinishesTheUndoOfACompensatingSaga() {
        kit.clerkAnswersEverything();
        SagaRow compensating = kit.recorded(SagaState.COMPENSATING);

        assertThat(saga.compensate(compensating, "recovery").await().atMost(WAIT)).isEqualTo(SagaState.COMPENSATED);
        verify(kit.clerk).deleteOrganization(ORG);
        verify(kit.clerk).updateUserMetadata(USER, previousMetadata());
    }
}
