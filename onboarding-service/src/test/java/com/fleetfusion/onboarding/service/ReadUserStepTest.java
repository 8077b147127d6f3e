package com.fleetfusion.onboarding.service;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fleetfusion.onboarding.model.SagaRow;
import com.fleetfusion.onboarding.model.SagaState;

import static com.fleetfusion.onboarding.service.SagaTestKit.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** GetUser: the 409 for an onboarded user, the values kept for the undo, and the undo itself. */
class ReadUserStepTest {

    private final SagaTestKit kit = new SagaTestKit();

    private SagaRow started() {
        return kit.store.put(SagaRow.start(USER, null, form("Acme Freight", null)));
    }

    @Test
    void recordsTheCurrentValuesOfTheKeysTheSagaWillOverwrite() {
        when(kit.clerk.getUser(USER)).thenReturn(ok(user(Map.of("onboardingComplete", false, "theme", "dark"))));

        SagaRun after = kit.readUser.run(SagaRun.of(started())).await().atMost(WAIT);

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("onboardingComplete", false);
        expected.put("organizationId", null);
        expected.put("organizationSlug", null);
        expected.put("role", null);
        assertThat(after.saga().previousMetadata()).isEqualTo(expected);
        assertThat(after.saga().state()).isEqualTo(SagaState.STARTED);
        assertThat(kit.store.row(after.saga().id())).isEqualTo(after.saga());
        assertThat(kit.store.steps).containsExactly("read-user:ok");
        assertThat(kit.readUser.pending(after.saga())).isFalse();
    }

    @Test
    void refusesAUserWhoseClerkMetadataSaysOnboarded() {
        when(kit.clerk.getUser(USER)).thenReturn(ok(user(Map.of("onboardingComplete", true,
                "organizationId", "org_earlier", "organizationSlug", "earlier"))));

        Throwable failure = catchThrowable(() -> kit.readUser.run(SagaRun.of(started())).await().atMost(WAIT));

        assertThat(failure).isInstanceOfSatisfying(OnboardingCompleteException.class, complete -> {
            assertThat(complete.organizationId()).isEqualTo("org_earlier");
            assertThat(complete.slug()).isEqualTo("earlier");
        });
        assertThat(kit.store.steps).isEmpty();
    }

    @Test
    void failsWhenClerkCannotAnswerAndRecordsNothing() {
        when(kit.clerk.getUser(USER)).thenReturn(fails(unavailable("GetUser")));

        Throwable failure = catchThrowable(() -> kit.readUser.run(SagaRun.of(started())).await().atMost(WAIT));

        assertThat(failure).isInstanceOf(com.fleetfusion.clerk.client.ClerkUnavailableException.class);
        assertThat(kit.store.steps).isEmpty();
    }

    @Test
    void undoPutsTheKeptValuesBackAndPublishesTheUser() {
        SagaRow saga = kit.recorded(SagaState.COMPENSATING);
        when(kit.clerk.updateUserMetadata(anyString(), any())).thenAnswer(call -> ok(user(call.getArgument(1))));

        SagaUndo undo = kit.readUser.undo(new SagaUndo(saga, true)).await().atMost(WAIT);

        verify(kit.clerk).updateUserMetadata(USER, previousMetadata());
        assertThat(undo.undone()).isTrue();
        assertThat(kit.events.types()).containsExactly("user.updated");
        assertThat(kit.events.keys()).containsExactly(USER);
    }

    @Test
    void undoLeavesTheMetadataAloneWhenNoOrganizationExisted() {
        SagaRow saga = kit.recorded(SagaState.COMPENSATING);

        SagaUndo undo = kit.readUser.undo(new SagaUndo(saga, false)).await().atMost(WAIT);

        verify(kit.clerk, never()).updateUserMetadata(anyString(), any());
        assertThat(undo.undone()).isFalse();
        assertThat(kit.events.types()).isEmpty();
    }

    @Test
    void undoOfAUserDeletedMeanwhileIsDone() {
        SagaRow saga = kit.recorded(SagaState.COMPENSATING);
        when(kit.clerk.updateUserMetadata(anyString(), any()))
                .thenReturn(fails(refused("UpdateUserMetadata", 404, "resource_not_found")));

        SagaUndo undo = kit.readUser.undo(new SagaUndo(saga, true)).await().atMost(WAIT);

        assertThat(undo.undone()).isTrue();
        assertThat(kit.events.types()).isEmpty();
    }
}
