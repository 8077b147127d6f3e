package com.fleetfusion.onboarding.service;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import com.fleetfusion.onboarding.client.ClerkBackend;
import com.fleetfusion.onboarding.client.ClerkEventPublisher;
import com.fleetfusion.onboarding.client.ClerkOrganization;
import com.fleetfusion.onboarding.client.ClerkOrganizationMembership;
import com.fleetfusion.onboarding.client.ClerkUser;
import com.fleetfusion.onboarding.client.Clerked;
import com.fleetfusion.onboarding.model.OnboardingResponse;
import com.fleetfusion.onboarding.model.SagaRow;
import com.fleetfusion.onboarding.model.SagaState;
import com.fleetfusion.onboarding.store.SagaStore;

import io.smallrye.mutiny.Uni;

/**
 * {@code organization.created}, {@code organizationMembership.created} and {@code user.updated} on
 * {@code clerk.events}, built from Clerk's answers (a resumed saga fetches those it lacks). Records COMPLETED with
 * the 201 answer, which the same Idempotency-Key replays. Nothing to undo: the undos publish what they change.
 */
@Singleton
class PublishEventsStep implements SagaStep {

    private final ClerkBackend clerk;
    private final ClerkEventPublisher events;
    private final SagaStore store;

    @Inject
    PublishEventsStep(ClerkBackend clerk, ClerkEventPublisher events, SagaStore store) {
        this.clerk = clerk;
        this.events = events;
        this.store = store;
    }

    @Override
    public String name() {
        return "publish-events";
    }

    @Override
    public SagaState runsIn() {
        return SagaState.METADATA_SET;
    }

    @Override
    public Uni<SagaRun> run(SagaRun run) {
        SagaRow saga = run.saga();
        Uni<Clerked<ClerkOrganization>> organization = run.organization() != null
                ? Uni.createFrom().item(run.organization()) : clerk.getOrganization(saga.organizationId());
        Uni<Clerked<ClerkOrganizationMembership>> membership = run.membership() != null
                ? Uni.createFrom().item(run.membership())
                : EnsureAdminMembershipStep.membershipOf(clerk, saga.organizationId(), saga.userId());
        Uni<Clerked<ClerkUser>> user = run.user() != null ? Uni.createFrom().item(run.user())
                : clerk.getUser(saga.userId());
        return organization.chain(events::organizationCreated)
                .chain(() -> membership).chain(events::membershipCreated)
                .chain(() -> user).chain(events::userUpdated)
                .chain(() -> store.record(saga.completed(
                        OnboardingResponse.of(saga.organizationId(), saga.slug(), saga.userId())), name(), "ok", null))
                .map(run::withSaga);
    }
}
