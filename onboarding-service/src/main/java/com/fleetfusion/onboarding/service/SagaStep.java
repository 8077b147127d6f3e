package com.fleetfusion.onboarding.service;

import org.jboss.logging.Logger;

import com.fleetfusion.clerk.client.ClerkApiException;
import com.fleetfusion.onboarding.model.SagaRow;
import com.fleetfusion.onboarding.model.SagaState;

import io.smallrye.mutiny.Uni;

/**
 * One step of the onboarding saga, a row of {@link OnboardingSaga}'s table. A step runs while the saga is in
 * {@link #runsIn()}, makes its Clerk call and records (SagaStore) the state it reaches, which is where the next step
 * runs; its undo reverses what it did in Clerk. The driver runs the pending steps in table order and the undos in
 * reverse order.
 */
interface SagaStep {

    /** The step's name in the saga log ({@code onboarding.saga_steps.step}). */
    String name();

    /** The saga state in which this step runs. */
    SagaState runsIn();

    /** Whether the saga, as recorded, still has to take this step. */
    default boolean pending(SagaRow saga) {
        return saga.state() == runsIn();
    }

    /** Takes the step: its Clerk call, then the recorded state; fails when the step cannot be done. */
    Uni<SagaRun> run(SagaRun run);

    /** Undoes what this step did in Clerk, if anything; must be safe to repeat (recovery may run it again). */
    default Uni<SagaUndo> undo(SagaUndo undo) {
        return Uni.createFrom().item(undo);
    }

    /** A 404 from Clerk: what an undo wanted gone is gone already. */
    static boolean notFound(Throwable failure) {
        return failure instanceof ClerkApiException clerkError && clerkError.status() == 404;
    }

    /** Publishes while undoing: a failure is logged, not fatal (Clerk's own webhook will tell tenant-store). */
    static Uni<Void> bestEffort(Uni<Void> publish, Logger log, String what) {
        return publish.onFailure().invoke(failure -> log.warnf("%s not published: %s", what, failure.toString()))
                .onFailure().recoverWithNull();
    }
}
