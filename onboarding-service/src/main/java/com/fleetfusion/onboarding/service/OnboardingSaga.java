package com.fleetfusion.onboarding.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fleetfusion.clerk.client.ClerkApiException;
import com.fleetfusion.onboarding.config.OnboardingConfig;
import com.fleetfusion.onboarding.model.OnboardingRequest;
import com.fleetfusion.onboarding.model.OnboardingResponse;
import com.fleetfusion.onboarding.model.SagaRow;
import com.fleetfusion.onboarding.model.SagaState;
import com.fleetfusion.onboarding.store.SagaConflictException;
import com.fleetfusion.onboarding.store.SagaStore;

import io.smallrye.mutiny.Uni;

/**
 * The onboarding saga: admission (Idempotency-Key, one saga in flight per user), then the table of steps run in
 * order from the saga's recorded state, each logged in the saga table. A step that fails for good, or the deadline,
 * makes the saga undo the steps in reverse order (organization deleted, metadata restored). Invariant: an
 * organization created here ends either complete (admin membership + metadata pointing at it) or deleted;
 * {@link SagaRecovery} finishes what a crash interrupted. Which HTTP answer an outcome gets is the REST layer's.
 */
@Singleton
public class OnboardingSaga {

    private static final Logger LOG = Logger.getLogger(OnboardingSaga.class);

    private final SagaStore store;
    private final OnboardingConfig config;
    private final OnboardingMetrics metrics;
    private final CreateOrganizationStep createOrganization;
    /** The steps in the order they run; each runs in the state the one before it records. */
    private final List<SagaStep> steps;
    /** The undos run the other way round: the organization is deleted before the user's metadata is restored. */
    private final List<SagaStep> undoOrder;

    @Inject
    OnboardingSaga(SagaStore store, OnboardingConfig config, OnboardingMetrics metrics, ReadUserStep readUser,
            CreateOrganizationStep createOrganization, EnsureAdminMembershipStep ensureAdminMembership,
            UpdateUserMetadataStep updateUserMetadata, PublishEventsStep publishEvents) {
        this.store = store;
        this.config = config;
        this.metrics = metrics;
        this.createOrganization = createOrganization;
        this.steps = List.of(readUser, createOrganization, ensureAdminMembership, updateUserMetadata,
                publishEvents);
        List<SagaStep> reversed = new ArrayList<>(steps);
        Collections.reverse(reversed);
        this.undoOrder = List.copyOf(reversed);
    }

    /**
     * Onboards the user, or answers as the first request did (same Idempotency-Key), or refuses: 409 when the user
     * is onboarded already or another of their onboardings outlasts this request's deadline. A saga that cannot
     * finish fails with {@link SagaFailedException} once undone.
     */
    public Uni<OnboardingResponse> onboard(String userId, OnboardingRequest request, String idempotencyKey) {
        return admit(userId, request, idempotencyKey, Instant.now().plus(config.deadline()));
    }

    private Uni<OnboardingResponse> admit(String userId, OnboardingRequest request, String idempotencyKey,
            Instant deadline) {
        if (Instant.now().isAfter(deadline)) {
            return Uni.createFrom().failure(new OnboardingInProgressException());
        }
        Uni<Optional<SagaRow>> sameKey = idempotencyKey == null ? Uni.createFrom().item(Optional.empty())
                : store.findByIdempotencyKey(userId, idempotencyKey);
        return sameKey.chain(first -> {
            if (first.isPresent() && first.get().state() == SagaState.COMPLETED) {
                return Uni.createFrom().item(first.get().response());
            }
            if (first.isPresent()) {
                return awaitEnd(first.get().id(), deadline)
                        .chain(() -> admit(userId, request, idempotencyKey, deadline));
            }
            return store.findCompleted(userId).chain(done -> done.isPresent()
                    ? Uni.createFrom().failure(
                            new OnboardingCompleteException(done.get().organizationId(), done.get().slug()))
                    : store.insert(SagaRow.start(userId, idempotencyKey, request))
                            .map(Optional::of)
                            .onFailure(SagaConflictException.class).recoverWithUni(conflict -> store
                                    .findActive(userId)
                                    .chain(other -> other.isPresent() ? awaitEnd(other.get().id(), deadline)
                                            : Uni.createFrom().voidItem())
                                    .replaceWith(Optional.<SagaRow>empty()))
                            // lost the race for the user's one saga: the other has ended, look again
                            .chain(saga -> saga.isEmpty() ? admit(userId, request, idempotencyKey, deadline)
                                    : drive(saga.get(), deadline)));
        });
    }

    /** Waits, polling the log, until the other saga has ended; the deadline turns the wait into a 409. */
    private Uni<Void> awaitEnd(UUID sagaId, Instant deadline) {
        return store.find(sagaId).chain(saga -> {
            if (saga.isEmpty() || !saga.get().state().active()) {
                return Uni.createFrom().voidItem();
            }
            if (Instant.now().plus(config.inFlightPoll()).isAfter(deadline)) {
                return Uni.createFrom().failure(new OnboardingInProgressException());
            }
            return Uni.createFrom().voidItem().onItem().delayIt().by(config.inFlightPoll())
                    .chain(() -> awaitEnd(sagaId, deadline));
        });
    }

    /** Runs the saga forward from its recorded state within the deadline; undoes it when it cannot finish. */
    Uni<OnboardingResponse> drive(SagaRow saga, Instant deadline) {
        Duration remaining = Duration.between(Instant.now(), deadline);
        return forward(SagaRun.of(saga))
                .ifNoItem().after(remaining.isNegative() || remaining.isZero() ? Duration.ofMillis(1) : remaining)
                .failWith(DeadlineExceededException::new)
                .map(done -> {
                    metrics.completed();
                    LOG.infof("onboarding saga %s completed: organization %s", saga.id(), done.organizationId());
                    return done.response();
                })
                .onFailure().recoverWithUni(failure -> settle(saga, failure));
    }

    /** The loop over the table: each pending step in order; a step not pending (done before a crash) is skipped. */
    private Uni<SagaRow> forward(SagaRun start) {
        SagaRow saga = start.saga();
        if (saga.state() != SagaState.COMPLETED && steps.stream().noneMatch(step -> step.pending(saga))) {
            return Uni.createFrom().failure(new IllegalStateException("cannot resume a saga in " + saga.state()));
        }
        Uni<SagaRun> run = Uni.createFrom().item(start);
        for (SagaStep step : steps) {
            run = run.chain(current -> step.pending(current.saga()) ? step.run(current)
                    : Uni.createFrom().item(current));
        }
        return run.map(SagaRun::saga).invoke(done -> {
            if (done.state() != SagaState.COMPLETED) {
                throw new IllegalStateException("the steps left the saga in " + done.state());
            }
        });
    }

    /** After a failure: record it, undo what exists, and fail with the outcome for the REST layer to answer. */
    private Uni<OnboardingResponse> settle(SagaRow started, Throwable failure) {
        UUID sagaId = started.id();
        // the cancelled chain may have written a step this run did not see: the stored row is the latest
        Uni<SagaRow> latest = store.find(sagaId).map(stored -> stored.orElse(started));
        if (failure instanceof OnboardingCompleteException complete) {
            return latest.chain(saga -> store.record(saga.failing(SagaState.FAILED, "already-complete"),
                    "read-user", "already-complete", complete.organizationId()))
                    .chain(() -> Uni.createFrom().failure(failure));
        }
        return latest.chain(saga -> {
                    LOG.warnf("onboarding saga %s failed in %s: %s", sagaId, saga.state(), failure.toString());
                    return compensate(saga, reasonOf(failure));
                })
                .onFailure().recoverWithItem(compensationFailure -> {
                    LOG.warnf("onboarding saga %s left for the recovery job: %s", sagaId,
                            compensationFailure.toString());
                    return SagaState.COMPENSATING;
                })
                .chain(ended -> Uni.createFrom().failure(new SagaFailedException(failure, ended)));
    }

    /**
     * Undoes the saga, the steps' undos in reverse table order, and ends it COMPENSATED (something created was
     * undone) or FAILED (nothing existed).
     */
    Uni<SagaState> compensate(SagaRow saga, String reason) {
        Uni<SagaUndo> undo = store.record(saga.failing(SagaState.COMPENSATING, reason), "compensate", "start", reason)
                .map(compensating -> new SagaUndo(compensating, false));
        for (SagaStep step : undoOrder) {
            undo = undo.chain(step::undo);
        }
        return undo.chain(done -> done.undone() ? end(done.saga(), SagaState.COMPENSATED, "undone")
                : end(done.saga(), SagaState.FAILED, "nothing-created"));
    }

    /**
     * For a saga found STARTED after a crash: takes over its organization if the last CreateOrganization went
     * through (state ORG_CREATED, to be resumed), otherwise closes it FAILED.
     */
    Uni<SagaRow> compensateOrAdopt(SagaRow saga) {
        return createOrganization.adoptAfterCrash(saga).chain(adopted -> adopted.isPresent()
                ? Uni.createFrom().item(adopted.get())
                : end(saga, SagaState.FAILED, "abandoned").replaceWith(saga.withState(SagaState.FAILED)));
    }

    /** For an ended saga that never learned its organization id: deletes the organization created late anyway. */
    Uni<Boolean> deleteOrphan(SagaRow ended) {
        return createOrganization.deleteOrphan(ended);
    }

    private Uni<SagaState> end(SagaRow saga, SagaState state, String outcome) {
        return store.record(saga.withState(state), "compensate", outcome, saga.organizationId())
                .invoke(() -> {
                    if (state == SagaState.COMPENSATED) {
                        metrics.compensated();
                    } else {
                        metrics.failed();
                    }
                })
                .replaceWith(state);
    }

    private static String reasonOf(Throwable failure) {
        if (failure instanceof ClerkApiException clerkError) {
            return clerkError.getMessage();
        }
        return failure.getClass().getSimpleName();
    }
}
