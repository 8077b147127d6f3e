package com.fleetfusion.onboarding.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fleetfusion.onboarding.model.SagaRow;
import com.fleetfusion.onboarding.model.SagaState;
import com.fleetfusion.onboarding.store.SagaConflictException;
import com.fleetfusion.onboarding.store.SagaStore;

import io.smallrye.mutiny.Uni;

/**
 * The saga log in memory, for the unit tests: the rows, the steps logged ({@code step:outcome}) and the orphan
 * checks scheduled, with the one-active-saga-per-user rule of the real partial unique index.
 */
class InMemorySagaStore extends SagaStore {

    final Map<UUID, SagaRow> rows = new ConcurrentHashMap<>();
    final List<String> steps = new CopyOnWriteArrayList<>();
    final Map<UUID, Duration> orphanChecks = new ConcurrentHashMap<>();

    /** Puts a row as a crashed instance left it. */
    SagaRow put(SagaRow saga) {
        rows.put(saga.id(), saga);
        return saga;
    }

    SagaRow row(UUID sagaId) {
        return rows.get(sagaId);
    }

    @Override
    public Uni<SagaRow> insert(SagaRow saga) {
        if (rows.values().stream().anyMatch(row -> row.userId().equals(saga.userId()) && row.state().active())) {
            return Uni.createFrom().failure(new SagaConflictException("sagas_one_active_per_user"));
        }
        rows.put(saga.id(), saga);
        steps.add("start:ok");
        return Uni.createFrom().item(saga);
    }

    @Override
    public Uni<SagaRow> record(SagaRow saga, String step, String outcome, String detail) {
        rows.put(saga.id(), saga);
        steps.add(step + ":" + outcome);
        return Uni.createFrom().item(saga);
    }

    @Override
    public Uni<Void> log(UUID sagaId, String step, String outcome, String detail) {
        steps.add(step + ":" + outcome);
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Optional<SagaRow>> find(UUID sagaId) {
        return Uni.createFrom().item(Optional.ofNullable(rows.get(sagaId)));
    }

    @Override
    public Uni<Optional<SagaRow>> findCompleted(String userId) {
        return Uni.createFrom().item(rows.values().stream()
                .filter(row -> row.userId().equals(userId) && row.state() == SagaState.COMPLETED).findFirst());
    }

    @Override
    public Uni<Optional<SagaRow>> findActive(String userId) {
        return Uni.createFrom().item(rows.values().stream()
                .filter(row -> row.userId().equals(userId) && row.state().active()).findFirst());
    }

    @Override
    public Uni<Optional<SagaRow>> findByIdempotencyKey(String userId, String key) {
        return Uni.createFrom().item(rows.values().stream()
                .filter(row -> row.userId().equals(userId) && key.equals(row.idempotencyKey())
                        && row.state() != SagaState.FAILED && row.state() != SagaState.COMPENSATED)
                .findFirst());
    }

    @Override
    public Uni<List<String>> steps(UUID sagaId) {
        return Uni.createFrom().item(new ArrayList<>(steps));
    }

    @Override
    public Uni<Void> scheduleOrphanCheck(UUID sagaId, Duration after) {
        orphanChecks.put(sagaId, after);
        return Uni.createFrom().voidItem();
    }
}
