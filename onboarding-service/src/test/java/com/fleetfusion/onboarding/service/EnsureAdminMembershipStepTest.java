package com.fleetfusion.onboarding.service;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fleetfusion.clerk.client.ClerkUnavailableException;
import com.fleetfusion.onboarding.model.SagaRow;
import com.fleetfusion.onboarding.model.SagaState;

import static com.fleetfusion.onboarding.service.SagaTestKit.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The admin membership: kept, created, raised to admin; Clerk's "already a member" counts as done. */
class EnsureAdminMembershipStepTest {

    private final SagaTestKit kit = new SagaTestKit();
    private final SagaRow saga = kit.recorded(SagaState.ORG_CREATED);

    private SagaRun run() {
        return kit.ensureAdminMembership.run(SagaRun.of(saga)).await().atMost(WAIT);
    }

    @Test
    void anAdminMembershipIsKeptAsItIs() {
        when(kit.clerk.listOrganizationMemberships(ORG, USER)).thenReturn(ok(Optional.of(membership("org:admin"))));

        SagaRun after = run();

        verify(kit.clerk, never()).createOrganizationMembership(anyString(), anyString(), anyString());
        verify(kit.clerk, never()).updateOrganizationMembership(anyString(), anyString(), anyString());
        assertThat(after.saga().state()).isEqualTo(SagaState.MEMBERSHIP_ENSURED);
        assertThat(after.membership().value().id()).isEqualTo("orgmem_unit");
        assertThat(kit.store.steps).containsExactly("ensure-admin-membership:ok");
    }

    @Test
    void aMissingMembershipIsCreatedAsAdmin() {
        when(kit.clerk.listOrganizationMemberships(ORG, USER)).thenReturn(ok(Optional.empty()));
        when(kit.clerk.createOrganizationMembership(ORG, USER, "org:admin")).thenReturn(ok(membership("org:admin")));

        assertThat(run().saga().state()).isEqualTo(SagaState.MEMBERSHIP_ENSURED);
        verify(kit.clerk).createOrganizationMembership(ORG, USER, "org:admin");
    }

    @Test
    void aMemberWhoIsNotAdminIsRaisedToAdmin() {
        when(kit.clerk.listOrganizationMemberships(ORG, USER)).thenReturn(ok(Optional.of(membership("org:member"))));
        when(kit.clerk.updateOrganizationMembership(ORG, USER, "org:admin")).thenReturn(ok(membership("org:admin")));

        assertThat(run().membership().value().role()).isEqualTo("org:admin");
        verify(kit.clerk).updateOrganizationMembership(ORG, USER, "org:admin");
    }

    @Test
    void alreadyAMemberMeansAnEarlierTryWentThrough() {
        when(kit.clerk.listOrganizationMemberships(ORG, USER)).thenReturn(ok(Optional.empty()),
                ok(Optional.of(membership("org:admin"))));
        when(kit.clerk.createOrganizationMembership(ORG, USER, "org:admin"))
                .thenReturn(fails(refused("CreateOrganizationMembership", 400, "already_a_member_in_organization")));

        assertThat(run().saga().state()).isEqualTo(SagaState.MEMBERSHIP_ENSURED);
    }

    @Test
    void failsWhenClerkCannotAnswerAndRecordsNothing() {
        when(kit.clerk.listOrganizationMemberships(ORG, USER)).thenReturn(fails(unavailable("ListOrganizationMemberships")));

        assertThat(catchThrowable(this::run)).isInstanceOf(ClerkUnavailableException.class);
        assertThat(kit.store.steps).isEmpty();
    }

    @Test
    void hasNothingOfItsOwnToUndo() {
        SagaUndo undo = new SagaUndo(saga, true);

        assertThat(kit.ensureAdminMembership.undo(undo).await().atMost(WAIT)).isSameAs(undo);
        verify(kit.clerk, never()).deleteOrganization(anyString());
    }
}
