package com.fleetfusion.onboarding.service;

import java.util.Map;
import java.util.Optional;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import com.fleetfusion.clerk.client.ClerkUnavailableException;
import com.fleetfusion.onboarding.client.InMemoryClerkEvents;
import com.fleetfusion.onboarding.model.SagaRow;
import com.fleetfusion.onboarding.model.SagaState;

import static com.fleetfusion.onboarding.service.SagaTestKit.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The synthetic events on clerk.events (the in-memory connector), from Clerk's answers; then COMPLETED. */
class PublishEventsStepTest {

    private final SagaTestKit kit = new SagaTestKit();
    private final SagaRow saga = kit.recorded(SagaState.METADATA_SET);

    @Test
    void publishesTheThreeEventsFromTheAnswersOfThisRunAndCompletes() {
        SagaRun run = new SagaRun(saga, organization(ORG, "acme-freight", USER, saga.id().toString()),
                membership("org:admin"), user(Map.of("onboardingComplete", true)));

        SagaRun after = kit.publishEvents.run(run).await().atMost(WAIT);

        verify(kit.clerk, never()).getOrganization(anyString());
        verify(kit.clerk, never()).getUser(anyString());
        assertThat(kit.events.types()).containsExactly("organization.created", "organizationMembership.created",
                "user.updated");
        assertThat(kit.events.keys()).containsExactly(ORG, ORG + ":" + USER, USER);
        for (Message<String> record : kit.events.sink().received()) {
            assertThat(InMemoryClerkEvents.header(record, "event-source")).isEqualTo("onboarding-service");
            assertThat(InMemoryClerkEvents.header(record, "event-signature")).startsWith("v1,");
            assertThat(record.getPayload()).doesNotContain("private_metadata").doesNotContain(saga.id().toString());
        }
        assertThat(after.saga().state()).isEqualTo(SagaState.COMPLETED);
        assertThat(after.saga().response().organizationId()).isEqualTo(ORG);
        assertThat(after.saga().response().next()).isEqualTo("/" + ORG + "/dashboard/" + USER);
        assertThat(kit.store.steps).containsExactly("publish-events:ok");
    }

    @Test
    void aResumedRunFetchesTheAnswersItLacksFromClerk() {
        when(kit.clerk.getOrganization(ORG)).thenReturn(ok(organization(ORG, "acme-freight", USER,
                saga.id().toString())));
        when(kit.clerk.listOrganizationMemberships(ORG, USER)).thenReturn(ok(Optional.of(membership("org:admin"))));
        when(kit.clerk.getUser(USER)).thenReturn(ok(user(Map.of("onboardingComplete", true))));

        SagaRun after = kit.publishEvents.run(SagaRun.of(saga)).await().atMost(WAIT);

        assertThat(kit.events.types()).hasSize(3);
        assertThat(after.saga().state()).isEqualTo(SagaState.COMPLETED);
    }

    @Test
    void failsWithoutCompletingWhenAnAnswerCannotBeFetched() {
        kit.clerkAnswersEverything();
        when(kit.clerk.getOrganization(ORG)).thenReturn(fails(unavailable("GetOrganization")));

        Throwable failure = catchThrowable(() -> kit.publishEvents.run(SagaRun.of(saga)).await().atMost(WAIT));

        assertThat(failure).isInstanceOf(ClerkUnavailableException.class);
        assertThat(kit.events.types()).isEmpty();
        assertThat(kit.store.row(saga.id()).state()).isEqualTo(SagaState.METADATA_SET);
    }

    @Test
    void hasNothingOfItsOwnToUndo() {
        SagaUndo undo = new SagaUndo(saga, true);

        assertThat(kit.publishEvents.undo(undo).await().atMost(WAIT)).isSameAs(undo);
        assertThat(kit.events.types()).isEmpty();
    }
}
