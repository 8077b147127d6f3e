package com.fleetfusion.onboarding.service;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fleetfusion.clerk.client.ClerkApiException;
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

/** The user's public metadata: the four keys merged, and no undo of its own (ReadUser's restores them). */
class UpdateUserMetadataStepTest {

    private final SagaTestKit kit = new SagaTestKit();
    private final SagaRow saga = kit.recorded(SagaState.MEMBERSHIP_ENSURED);

    @Test
    void mergesTheFourKeysThatSayOnboardedIntoThisOrganizationAsAdmin() {
        Map<String, Object> onboarded = Map.of("onboardingComplete", true, "organizationId", ORG,
                "organizationSlug", "acme-freight", "role", "org:admin");
        when(kit.clerk.updateUserMetadata(USER, onboarded)).thenReturn(ok(user(onboarded)));

        SagaRun after = kit.updateUserMetadata.run(SagaRun.of(saga)).await().atMost(WAIT);

        assertThat(after.saga().state()).isEqualTo(SagaState.METADATA_SET);
        assertThat(after.user().value().publicMetadata()).isEqualTo(onboarded);
        assertThat(kit.store.steps).containsExactly("update-user-metadata:ok");
    }

    @Test
    void aRefusalFailsTheStepAndRecordsNothing() {
        when(kit.clerk.updateUserMetadata(anyString(), any())).thenReturn(fails(refused("UpdateUserMetadata", 422,
                "form_param_value_invalid")));

        Throwable failure = catchThrowable(() -> kit.updateUserMetadata.run(SagaRun.of(saga)).await().atMost(WAIT));

        assertThat(failure).isInstanceOf(ClerkApiException.class);
        assertThat(kit.store.steps).isEmpty();
        assertThat(kit.store.row(saga.id()).state()).isEqualTo(SagaState.MEMBERSHIP_ENSURED);
    }

    @Test
    void hasNothingOfItsOwnToUndo() {
        SagaUndo undo = new SagaUndo(saga, true);

        assertThat(kit.updateUserMetadata.undo(undo).await().atMost(WAIT)).isSameAs(undo);
        verify(kit.clerk, never()).updateUserMetadata(anyString(), any());
    }
}
