package com.fleetfusion.onboarding.service;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import com.fleetfusion.onboarding.client.ClerkBackend;
import com.fleetfusion.onboarding.client.OnboardingMetadata;
import com.fleetfusion.onboarding.config.OnboardingConfig;
import com.fleetfusion.onboarding.model.SagaRow;
import com.fleetfusion.onboarding.model.SagaState;
import com.fleetfusion.onboarding.store.SagaStore;

import io.smallrye.mutiny.Uni;

/**
 * UpdateUserMetadata: the user's public metadata says onboarded, into this organization, as admin (PATCH merges:
 * the user's other keys stay). Records METADATA_SET. The values it overwrites are {@link ReadUserStep}'s record,
 * and that step's undo restores them.
 */
@Singleton
class UpdateUserMetadataStep implements SagaStep {

    private final ClerkBackend clerk;
    private final SagaStore store;
    private final OnboardingConfig config;

    @Inject
    UpdateUserMetadataStep(ClerkBackend clerk, SagaStore store, OnboardingConfig config) {
        this.clerk = clerk;
        this.store = store;
        this.config = config;
    }

    @Override
    public String name() {
        return "update-user-metadata";
    }

    @Override
    public SagaState runsIn() {
        return SagaState.MEMBERSHIP_ENSURED;
    }

    @Override
    public Uni<SagaRun> run(SagaRun run) {
        SagaRow saga = run.saga();
        return clerk.updateUserMetadata(saga.userId(),
                OnboardingMetadata.onboardedUser(saga.organizationId(), saga.slug(), config.adminRole()))
                .chain(user -> store.record(saga.withState(SagaState.METADATA_SET), name(), "ok", null)
                        .map(recorded -> run.withUser(recorded, user)));
    }
}
