package com.fleetfusion.onboarding.store;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fleetfusion.onboarding.model.OnboardingRequest;
import com.fleetfusion.onboarding.model.OnboardingResponse;
import com.fleetfusion.onboarding.model.SagaRow;
import com.fleetfusion.onboarding.model.SagaState;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

/** The saga log in schema {@code onboarding}: one row per saga, one {@code saga_steps} row per step taken. */
@ApplicationScoped
public class SagaStore {

    private static final String COLUMNS = "id, user_id, idempotency_key, state, request, slug, organization_id, "
            + "previous_metadata, response, failure, updated_at";
    private static final String ACTIVE = "('STARTED', 'ORG_CREATED', 'MEMBERSHIP_ENSURED', 'METADATA_SET', "
            + "'COMPENSATING')";
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    @Inject
    Pool pool;

    @Inject
    ObjectMapper mapper;

    /** Inserts a new saga, or fails with {@link SagaConflictException} when a unique index refuses it. */
    public Uni<SagaRow> insert(SagaRow saga) {
        return pool.withTransaction(tx -> tx
                .preparedQuery("INSERT INTO onboarding.sagas (id, user_id, idempotency_key, state, request) "
                        + "VALUES ($1, $2, $3, $4, $5) RETURNING " + COLUMNS)
                .execute(Tuple.of(saga.id(), saga.userId(), saga.idempotencyKey(), saga.state().name(),
                        json(saga.request())))
                .map(rows -> toSaga(rows.iterator().next()))
                .call(inserted -> logStep(tx, inserted.id(), "start", "ok", null)))
                .onFailure(PgException.class)
                .transform(failure -> "23505".equals(((PgException) failure).getSqlState())
                        ? new SagaConflictException(((PgException) failure).getConstraint())
                        : failure);
    }

    /** Writes the saga's new state and fields and logs the step, in one transaction. */
    public Uni<SagaRow> record(SagaRow saga, String step, String outcome, String detail) {
        return pool.withTransaction(tx -> tx
                .preparedQuery("UPDATE onboarding.sagas SET state = $2, slug = $3, organization_id = $4, "
                        + "previous_metadata = $5, response = $6, failure = $7, updated_at = now() "
                        + "WHERE id = $1 RETURNING " + COLUMNS)
                .execute(Tuple.from(new Object[] { saga.id(), saga.state().name(), saga.slug(),
                        saga.organizationId(), json(saga.previousMetadata()), json(saga.response()),
                        saga.failure() }))
                .map(rows -> toSaga(rows.iterator().next()))
                .call(updated -> logStep(tx, saga.id(), step, outcome, detail)));
    }

    /** Logs an attempt or an outcome without changing the state; also shows the saga is alive. */
    public Uni<Void> log(UUID sagaId, String step, String outcome, String detail) {
        return pool.withTransaction(tx -> tx
                .preparedQuery("UPDATE onboarding.sagas SET updated_at = now() WHERE id = $1")
                .execute(Tuple.of(sagaId))
                .call(ignored -> logStep(tx, sagaId, step, outcome, detail))
                .replaceWithVoid());
    }

    public Uni<Optional<SagaRow>> find(UUID sagaId) {
        return one("SELECT " + COLUMNS + " FROM onboarding.sagas WHERE id = $1", Tuple.of(sagaId));
    }

    public Uni<Optional<SagaRow>> findCompleted(String userId) {
        return one("SELECT " + COLUMNS + " FROM onboarding.sagas WHERE user_id = $1 AND state = 'COMPLETED' "
                + "ORDER BY updated_at DESC LIMIT 1", Tuple.of(userId));
    }

    public Uni<Optional<SagaRow>> findActive(String userId) {
        return one("SELECT " + COLUMNS + " FROM onboarding.sagas WHERE user_id = $1 AND state IN " + ACTIVE,
                Tuple.of(userId));
    }

    /** The saga that holds the key: the live or completed one (a failed attempt frees its key). */
    public Uni<Optional<SagaRow>> findByIdempotencyKey(String userId, String key) {
        return one("SELECT " + COLUMNS + " FROM onboarding.sagas WHERE user_id = $1 AND idempotency_key = $2 "
                + "AND state NOT IN ('FAILED', 'COMPENSATED')", Tuple.of(userId, key));
    }

    public Uni<List<String>> steps(UUID sagaId) {
        return pool.preparedQuery("SELECT step || ':' || outcome FROM onboarding.saga_steps WHERE saga_id = $1 "
                + "ORDER BY id").execute(Tuple.of(sagaId))
                .map(rows -> {
                    java.util.ArrayList<String> steps = new java.util.ArrayList<>();
                    rows.forEach(row -> steps.add(row.getString(0)));
                    return steps;
                });
    }

    /**
     * Takes over in-flight sagas nobody touched for {@code age}: marks them leased for {@code lease} so that a
     * second instance of the job skips them (FOR UPDATE SKIP LOCKED makes the claim atomic).
     */
    public Uni<List<SagaRow>> claimStuck(Duration age, Duration lease, int limit) {
        return pool.preparedQuery("UPDATE onboarding.sagas SET lease_until = now() + make_interval(secs => $2), "
                + "updated_at = now() WHERE id IN (SELECT id FROM onboarding.sagas WHERE state IN " + ACTIVE
                + " AND updated_at < now() - make_interval(secs => $1) "
                + "AND (lease_until IS NULL OR lease_until < now()) ORDER BY updated_at LIMIT $3 "
                + "FOR UPDATE SKIP LOCKED) RETURNING " + COLUMNS)
                .execute(Tuple.of(age.toMillis() / 1000.0, lease.toMillis() / 1000.0, limit))
                .map(this::toSagas);
    }

    /**
     * Asks the recovery job to look, after {@code after}, whether an organization of this ended saga exists anyway:
     * a CreateOrganization whose answer never came may still go through at Clerk.
     */
    public Uni<Void> scheduleOrphanCheck(UUID sagaId, Duration after) {
        return pool.preparedQuery("UPDATE onboarding.sagas SET orphan_check_due = now() + make_interval(secs => $2) "
                + "WHERE id = $1").execute(Tuple.of(sagaId, after.toMillis() / 1000.0)).replaceWithVoid();
    }

    /** Ended sagas whose orphan check is due; each is pushed back by {@code lease} while it is checked. */
    public Uni<List<SagaRow>> claimOrphanChecks(Duration lease, int limit) {
        return pool.preparedQuery("UPDATE onboarding.sagas SET orphan_check_due = now() + make_interval(secs => $1) "
                + "WHERE id IN (SELECT id FROM onboarding.sagas WHERE orphan_check_due < now() "
                + "ORDER BY orphan_check_due LIMIT $2 FOR UPDATE SKIP LOCKED) RETURNING " + COLUMNS)
                .execute(Tuple.of(lease.toMillis() / 1000.0, limit))
                .map(this::toSagas);
    }

    public Uni<Void> orphanChecked(UUID sagaId, String outcome) {
        return pool.withTransaction(tx -> tx
                .preparedQuery("UPDATE onboarding.sagas SET orphan_check_due = NULL WHERE id = $1")
                .execute(Tuple.of(sagaId))
                .call(ignored -> logStep(tx, sagaId, "orphan-check", outcome, null))
                .replaceWithVoid());
    }

    private Uni<Optional<SagaRow>> one(String sql, Tuple args) {
        return pool.preparedQuery(sql).execute(args)
                .map(rows -> rows.iterator().hasNext() ? Optional.of(toSaga(rows.iterator().next()))
                        : Optional.empty());
    }

    private static Uni<Void> logStep(SqlClient client, UUID sagaId, String step, String outcome, String detail) {
        return client.preparedQuery("INSERT INTO onboarding.saga_steps (saga_id, step, outcome, detail) "
                + "VALUES ($1, $2, $3, $4)").execute(Tuple.of(sagaId, step, outcome, detail)).replaceWithVoid();
    }

    private List<SagaRow> toSagas(RowSet<Row> rows) {
        java.util.ArrayList<SagaRow> sagas = new java.util.ArrayList<>();
        rows.forEach(row -> sagas.add(toSaga(row)));
        return sagas;
    }

    private SagaRow toSaga(Row row) {
        return new SagaRow(row.getUUID("id"), row.getString("user_id"), row.getString("idempotency_key"),
                SagaState.valueOf(row.getString("state")),
                read(row.getJsonObject("request"), OnboardingRequest.class),
                row.getString("slug"), row.getString("organization_id"),
                read(row.getJsonObject("previous_metadata"), MAP),
                read(row.getJsonObject("response"), OnboardingResponse.class),
                row.getString("failure"), row.getOffsetDateTime("updated_at"));
    }

    private JsonObject json(Object value) {
        return value == null ? null : new JsonObject(mapper.convertValue(value, MAP));
    }

    private <T> T read(JsonObject json, Class<T> type) {
        try {
            return json == null ? null : mapper.readValue(json.encode(), type);
        } catch (JsonProcessingException corrupt) {
            throw new IllegalStateException("unreadable saga column as " + type.getSimpleName(), corrupt);
        }
    }

    private <T> T read(JsonObject json, TypeReference<T> type) {
        try {
            return json == null ? null : mapper.readValue(json.encode(), type);
        } catch (JsonProcessingException corrupt) {
            throw new IllegalStateException("unreadable saga column", corrupt);
        }
    }
}
