package com.fleetfusion.onboarding.service;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import com.fleetfusion.clerk.client.ClerkApiException;
import com.fleetfusion.onboarding.client.ClerkBackend;
import com.fleetfusion.onboarding.client.ClerkOrganizationMembership;
import com.fleetfusion.onboarding.client.Clerked;
import com.fleetfusion.onboarding.config.OnboardingConfig;
import com.fleetfusion.onboarding.model.SagaRow;
import com.fleetfusion.onboarding.model.SagaState;
import com.fleetfusion.onboarding.store.SagaStore;

import io.smallrye.mutiny.Uni;

/**
 * The user's admin membership of the organization: listed by {@code user_id}; created as admin when missing
 * ({@code already_a_member_in_organization} counts as done), its role raised when not admin. Records
 * MEMBERSHIP_ENSURED. Nothing of its own to undo: deleting the organization removes its memberships.
 */
@Singleton
class EnsureAdminMembershipStep implements SagaStep {

    private final ClerkBackend clerk;
    private final SagaStore store;
    private final OnboardingConfig config;

    @Inject
    EnsureAdminMembershipStep(ClerkBackend clerk, SagaStore store, OnboardingConfig config) {
        this.clerk = clerk;
        this.store = store;
        this.config = config;
    }

    @Override
    public String name() {
        return "ensure-admin-membership";
    }

    @Override
    public SagaState runsIn() {
        return SagaState.ORG_CREATED;
    }

    @Override
    public Uni<SagaRun> run(SagaRun run) {
        SagaRow saga = run.saga();
        String organizationId = saga.organizationId();
        String userId = saga.userId();
        String admin = config.adminRole();
        return clerk.listOrganizationMemberships(organizationId, userId)
                .chain(found -> {
                    if (found.isPresent() && admin.equals(found.get().value().role())) {
                        return Uni.createFrom().item(found.get());
                    }
                    if (found.isPresent()) {
                        return clerk.updateOrganizationMembership(organizationId, userId, admin);
                    }
                    return clerk.createOrganizationMembership(organizationId, userId, admin)
                            .onFailure(failure -> failure instanceof ClerkApiException clerkError
                                    && clerkError.hasCode("already_a_member_in_organization"))
                            .recoverWithUni(member -> membershipOf(clerk, organizationId, userId));
                })
                .chain(membership -> store.record(saga.withState(SagaState.MEMBERSHIP_ENSURED), name(), "ok",
                        membership.value().id()).map(recorded -> run.withMembership(recorded, membership)));
    }

    /** The user's membership, which Clerk must list. */
    static Uni<Clerked<ClerkOrganizationMembership>> membershipOf(ClerkBackend clerk, String organizationId,
            String userId) {
        return clerk.listOrganizationMemberships(organizationId, userId).map(found -> found.orElseThrow(
                () -> new IllegalStateException("Clerk lists no membership of the user in " + organizationId)));
    }
}
