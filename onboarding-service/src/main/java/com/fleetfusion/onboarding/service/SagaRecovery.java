package com.fleetfusion.onboarding.service;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fleetfusion.onboarding.config.OnboardingConfig;
import com.fleetfusion.onboarding.model.SagaRow;
import com.fleetfusion.onboarding.model.SagaState;
import com.fleetfusion.onboarding.store.SagaStore;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Finishes what a crash (or a lost database connection) interrupted. A saga untouched for
 * {@code onboarding.recovery.stuck-after} is resumed when its organization exists (so the user ends onboarded),
 * compensated when it cannot go on, and closed as FAILED when it never got an organization. Ended sagas whose
 * CreateOrganization answer never came are checked once more for an orphan organization, which is deleted.
 */
@ApplicationScoped
public class SagaRecovery {

    private static final Logger LOG = Logger.getLogger(SagaRecovery.class);

    @Inject
    SagaStore store;

    @Inject
    OnboardingSaga saga;

    @Inject
    OnboardingConfig config;

    @Scheduled(every = "${onboarding.recovery.every:30s}", delayed = "${onboarding.recovery.initial-delay:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run().onFailure().invoke(failure -> LOG.warnf("saga recovery run failed: %s", failure.toString()))
                .onFailure().recoverWithNull();
    }

    /** One pass: stuck sagas first, then due orphan checks. Public so that operators' tests can drive it. */
    public Uni<Void> run() {
        int batch = config.recovery().batchSize();
        return store.claimStuck(config.recovery().stuckAfter(), config.deadline().multipliedBy(2), batch)
                .chain(stuck -> each(stuck, this::recover))
                .chain(() -> store.claimOrphanChecks(config.deadline().multipliedBy(2), batch))
                .chain(ended -> each(ended, this::checkOrphan));
    }

    private static Uni<Void> each(List<SagaRow> sagas, Function<SagaRow, Uni<Void>> action) {
        return Multi.createFrom().iterable(sagas)
                .onItem().transformToUniAndConcatenate(row -> action.apply(row)
                        .onFailure().invoke(failure -> LOG.warnf("saga %s not recovered yet: %s", row.id(),
                                failure.toString()))
                        .onFailure().recoverWithNull())
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> recover(SagaRow stuck) {
        LOG.infof("recovering onboarding saga %s stuck in %s", stuck.id(), stuck.state());
        Instant deadline = Instant.now().plus(config.deadline());
        return switch (stuck.state()) {
            case COMPENSATING -> saga.compensate(stuck, stuck.failure() != null ? stuck.failure() : "recovery")
                    .replaceWithVoid();
            case STARTED -> store.log(stuck.id(), "recover", "resume-or-close", stuck.slug())
                    .chain(() -> resumeIfOrganizationExists(stuck, deadline));
            default -> store.log(stuck.id(), "recover", "resume", stuck.state().name())
                    .chain(() -> resume(stuck, deadline));
        };
    }

    /** A saga that never learned of an organization is not pushed on: the user left with an error long ago. */
    private Uni<Void> resumeIfOrganizationExists(SagaRow stuck, Instant deadline) {
        return saga.compensateOrAdopt(stuck).chain(adopted -> adopted.state() == SagaState.ORG_CREATED
                ? resume(adopted, deadline)
                : Uni.createFrom().voidItem());
    }

    private Uni<Void> resume(SagaRow stuck, Instant deadline) {
        return saga.drive(stuck, deadline).replaceWithVoid()
                .onFailure().recoverWithNull(); // drive compensated and logged it
    }

    private Uni<Void> checkOrphan(SagaRow ended) {
        return saga.deleteOrphan(ended).chain(deleted -> store.orphanChecked(ended.id(), deleted ? "deleted" : "none"));
    }
}
