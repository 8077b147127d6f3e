package com.fleetfusion.onboarding.service;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import com.fleetfusion.clerk.client.ClerkApiException;
import com.fleetfusion.onboarding.model.SagaRow;
import com.fleetfusion.onboarding.model.SagaState;

import static com.fleetfusion.onboarding.service.SagaTestKit.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** CreateOrganization: the payload, taken slugs (ours adopted, others' suffixed), and the undo. */
class CreateOrganizationStepTest {

    private final SagaTestKit kit = new SagaTestKit();

    private SagaRow readUserDone() {
        return kit.store.put(SagaRow.start(USER, null, form("Acme Freight", null))
                .withPreviousMetadata(previousMetadata()));
    }

    private void slugTaken() {
        when(kit.clerk.createOrganization(anyString(), eq("acme-freight"), anyString(), any(), anyString()))
                .thenReturn(fails(refused("CreateOrganization", 422, "form_identifier_exists")));
    }

    @Test
    void createsTheOrganizationWithTheUserAsCreatorTheDetailsAndTheSagaMarker() {
        kit.clerkAnswersEverything();
        SagaRow saga = readUserDone();

        SagaRun after = kit.createOrganization.run(SagaRun.of(saga)).await().atMost(WAIT);

        verify(kit.clerk).createOrganization("Acme Freight", "acme-freight", USER, Map.of("legalName",
                "Acme Freight LLC", "usdotNumber", "1234567", "fleetSize", 12, "contactPhone", "+1 555 0100"),
                saga.id().toString());
        assertThat(after.saga().state()).isEqualTo(SagaState.ORG_CREATED);
        assertThat(after.saga().organizationId()).isEqualTo(ORG);
        assertThat(after.saga().slug()).isEqualTo("acme-freight");
        assertThat(after.organization().value().id()).isEqualTo(ORG);
        assertThat(kit.store.steps).containsExactly("create-organization:attempt", "create-organization:ok");
    }

    @Test
    void aSlugTakenByAnotherOrganizationIsSuffixed() {
        kit.clerkAnswersEverything();
        slugTaken();
        when(kit.clerk.getOrganization("acme-freight"))
                .thenReturn(ok(organization("org_other", "acme-freight", "user_other", "another-saga")));
        SagaRow saga = readUserDone();

        SagaRun after = kit.createOrganization.run(SagaRun.of(saga)).await().atMost(WAIT);

        ArgumentCaptor<String> slugs = ArgumentCaptor.forClass(String.class);
        verify(kit.clerk, times(2)).createOrganization(anyString(), slugs.capture(), anyString(), any(), anyString());
        assertThat(slugs.getAllValues().get(1)).matches("acme-freight-[a-z0-9]{5}");
        assertThat(after.saga().slug()).isEqualTo(slugs.getAllValues().get(1));
        assertThat(kit.store.steps).containsExactly("create-organization:attempt", "create-organization:slug-taken",
                "create-organization:attempt", "create-organization:ok");
    }

    @Test
    void aSlugTakenByThisSagasOwnEarlierTryIsAdopted() {
        SagaRow saga = readUserDone();
        slugTaken();
        when(kit.clerk.getOrganization("acme-freight"))
                .thenReturn(ok(organization(ORG, "acme-freight", USER, saga.id().toString())));

        SagaRun after = kit.createOrganization.run(SagaRun.of(saga)).await().atMost(WAIT);

        verify(kit.clerk, times(1)).createOrganization(anyString(), anyString(), anyString(), any(), anyString());
        assertThat(after.saga().organizationId()).isEqualTo(ORG);
        assertThat(after.saga().state()).isEqualTo(SagaState.ORG_CREATED);
    }

    @Test
    void aResumedSagaAdoptsTheOrganizationOfItsLastAttemptWithoutCreatingAnother() {
        SagaRow saga = kit.store.put(readUserDone().withSlug("acme-freight"));
        when(kit.clerk.getOrganization("acme-freight"))
                .thenReturn(ok(organization(ORG, "acme-freight", USER, saga.id().toString())));

        SagaRun after = kit.createOrganization.run(SagaRun.of(saga)).await().atMost(WAIT);

        verify(kit.clerk, never()).createOrganization(anyString(), anyString(), anyString(), any(), anyString());
        assertThat(after.saga().organizationId()).isEqualTo(ORG);
    }

    @Test
    void failsSlugUnavailableWhenEverySlugTriedIsTaken() {
        when(kit.clerk.createOrganization(anyString(), anyString(), anyString(), any(), anyString()))
                .thenReturn(fails(refused("CreateOrganization", 422, "form_identifier_exists")));
        when(kit.clerk.getOrganization(anyString())).thenReturn(fails(refused("GetOrganization", 404,
                "resource_not_found")));

        Throwable failure = catchThrowable(() -> kit.createOrganization.run(SagaRun.of(readUserDone()))
                .await().atMost(WAIT));

        assertThat(failure).isInstanceOfSatisfying(SlugUnavailableException.class, taken -> {
            assertThat(taken.slug()).isEqualTo("acme-freight");
            assertThat(taken.attempts()).isEqualTo(3);
        });
    }

    @Test
    void aRefusalOtherThanATakenSlugFailsTheStepAtOnce() {
        when(kit.clerk.createOrganization(anyString(), anyString(), anyString(), any(), anyString()))
                .thenReturn(fails(refused("CreateOrganization", 403, "organization_quota_exceeded")));

        Throwable failure = catchThrowable(() -> kit.createOrganization.run(SagaRun.of(readUserDone()))
                .await().atMost(WAIT));

        assertThat(failure).isInstanceOf(ClerkApiException.class);
        verify(kit.clerk, never()).getOrganization(anyString());
        assertThat(kit.store.steps).containsExactly("create-organization:attempt");
    }

    @Test
    void undoDeletesTheOrganizationAndPublishesItsDeletion() {
        kit.clerkAnswersEverything();
        SagaRow saga = kit.recorded(SagaState.COMPENSATING);

        SagaUndo undo = kit.createOrganization.undo(new SagaUndo(saga, false)).await().atMost(WAIT);

        verify(kit.clerk).deleteOrganization(ORG);
        assertThat(undo.undone()).isTrue();
        assertThat(kit.events.types()).containsExactly("organization.deleted");
    }

    @Test
    void undoFindsByMarkerTheOrganizationWhoseAnswerNeverCame() {
        kit.clerkAnswersEverything();
        SagaRow saga = kit.store.put(readUserDone().withSlug("acme-freight").withState(SagaState.COMPENSATING));
        when(kit.clerk.getOrganization("acme-freight"))
                .thenReturn(ok(organization(ORG, "acme-freight", USER, saga.id().toString())));

        SagaUndo undo = kit.createOrganization.undo(new SagaUndo(saga, false)).await().atMost(WAIT);

        verify(kit.clerk).deleteOrganization(ORG);
        assertThat(undo.undone()).isTrue();
    }

    @Test
    void undoWithNoOrganizationDeletesNothingAndSchedulesAnOrphanCheck() {
        SagaRow saga = kit.store.put(readUserDone().withSlug("acme-freight").withState(SagaState.COMPENSATING));
        when(kit.clerk.getOrganization("acme-freight")).thenReturn(ok(organization("org_other", "acme-freight",
                "user_other", "another-saga")));

        SagaUndo undo = kit.createOrganization.undo(new SagaUndo(saga, false)).await().atMost(WAIT);

        verify(kit.clerk, never()).deleteOrganization(anyString());
        assertThat(undo.undone()).isFalse();
        assertThat(kit.store.orphanChecks).containsKey(saga.id());
    }

    @Test
    void undoOfAnOrganizationDeletedMeanwhileIsDone() {
        SagaRow saga = kit.recorded(SagaState.COMPENSATING);
        when(kit.clerk.deleteOrganization(ORG)).thenReturn(fails(refused("DeleteOrganization", 404,
                "resource_not_found")));

        SagaUndo undo = kit.createOrganization.undo(new SagaUndo(saga, false)).await().atMost(WAIT);

        assertThat(undo.undone()).isTrue();
        assertThat(kit.events.types()).isEmpty();
    }

    @Test
    void aLateOrganizationOfAnEndedSagaIsDeletedAsAnOrphan() {
        kit.clerkAnswersEverything();
        SagaRow ended = kit.store.put(readUserDone().withSlug("acme-freight").withState(SagaState.FAILED));
        when(kit.clerk.getOrganization("acme-freight"))
                .thenReturn(ok(organization(ORG, "acme-freight", USER, ended.id().toString())));

        assertThat(kit.createOrganization.deleteOrphan(ended).await().atMost(WAIT)).isTrue();
        verify(kit.clerk).deleteOrganization(ORG);
        // an active saga is the recovery job's, not the orphan check's
        assertThat(kit.createOrganization.deleteOrphan(ended.withState(SagaState.STARTED)).await().atMost(WAIT))
                .isFalse();
    }
}
