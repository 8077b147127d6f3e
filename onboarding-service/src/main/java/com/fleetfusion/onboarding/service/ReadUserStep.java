package com.fleetfusion.onboarding.service;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fleetfusion.onboarding.client.ClerkBackend;
import com.fleetfusion.onboarding.client.ClerkEventPublisher;
import com.fleetfusion.onboarding.client.OnboardingMetadata;
import com.fleetfusion.onboarding.model.SagaRow;
import com.fleetfusion.onboarding.model.SagaState;
import com.fleetfusion.onboarding.store.SagaStore;

import io.smallrye.mutiny.Uni;

/**
 * GetUser: refuses a user whose Clerk metadata says onboarded (409), and records the current values of the four
 * keys the saga overwrites ({@code previous_metadata}; the state stays STARTED). Its undo puts those values back,
 * after the organization's deletion and only when there was an organization: the metadata never pointed at one
 * that did not exist.
 */
@Singleton
class ReadUserStep implements SagaStep {

    private static final Logger LOG = Logger.getLogger(ReadUserStep.class);

    private final ClerkBackend clerk;
    private final ClerkEventPublisher events;
    private final SagaStore store;

    @Inject
    ReadUserStep(ClerkBackend clerk, ClerkEventPublisher events, SagaStore store) {
        this.clerk = clerk;
        this.events = events;
        this.store = store;
    }

    @Override
    public String name() {
        return "read-user";
    }

    @Override
    public SagaState runsIn() {
        return SagaState.STARTED;
    }

    @Override
    public boolean pending(SagaRow saga) {
        return saga.state() == runsIn() && saga.previousMetadata() == null;
    }

    @Override
    public Uni<SagaRun> run(SagaRun run) {
        SagaRow saga = run.saga();
        return clerk.getUser(saga.userId()).chain(user -> {
            var metadata = user.value().publicMetadataOrEmpty();
            var onboarded = OnboardingMetadata.onboarded(metadata);
            if (onboarded.isPresent()) {
                return Uni.createFrom().failure(
                        new OnboardingCompleteException(onboarded.get().organizationId(), onboarded.get().slug()));
            }
            return store.record(saga.withPreviousMetadata(OnboardingMetadata.valuesToRestore(metadata)), name(), "ok",
                    null).map(run::withSaga);
        });
    }

    /** Puts back the values our keys had before (null removes a key that did not exist). */
    @Override
    public Uni<SagaUndo> undo(SagaUndo undo) {
        SagaRow saga = undo.saga();
        if (!undo.undone() || saga.previousMetadata() == null) {
            return Uni.createFrom().item(undo);
        }
        return clerk.updateUserMetadata(saga.userId(), saga.previousMetadata())
                .call(user -> SagaStep.bestEffort(events.userUpdated(user), LOG, "user.updated event for "
                        + saga.userId()))
                .replaceWithVoid()
                .onFailure(SagaStep::notFound).recoverWithNull()
                .replaceWith(undo);
    }
}
