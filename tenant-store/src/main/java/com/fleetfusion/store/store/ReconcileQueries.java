package com.fleetfusion.store.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fleetfusion.store.model.ClerkObjectKind;
import com.fleetfusion.store.model.MembershipChange;
import com.fleetfusion.store.model.TenantChange;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The reads of a reconciliation run (what a listing would do to the rows, which live rows it did not list, the
 * live counts of the deletion budget, the known Clerk instances) and its lease. Every write of the tenant tables still goes through ClerkEventApplier.
 */
@ApplicationScoped
public class ReconcileQueries {

    private static final String LEASE = "clerk-reconciliation";

    private final Pool pool;

    public ReconcileQueries(Pool pool) {
        this.pool = pool;
    }

    /** What applying a listed object would do to its row. */
    public enum Listed {
        /** no row yet */
        CREATE,
        /** live at exactly that version: applying it would rewrite the same row (Clerk's updated_at moves with every change) */
        UNCHANGED,
        /** a reconciliation tombstone of an object Clerk has after all */
        RESTORE,
        /** an older row (or an older membership generation) */
        CHANGE,
        /** a newer row, which the apply rules keep */
        STALE
    }

    /** Classifies a listing's changes against their rows, by key, in one read. */
    public Uni<Map<String, Listed>> classify(ClerkObjectKind kind, List<? extends TenantChange> changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        Long[] versions = changes.stream().map(TenantChange::version).toArray(Long[]::new);
        if (kind == ClerkObjectKind.MEMBERSHIPS) {
            String[] organizations = changes.stream().map(c -> ((MembershipChange) c).organizationId())
                    .toArray(String[]::new);
            String[] users = changes.stream().map(c -> ((MembershipChange) c).userId()).toArray(String[]::new);
            Long[] generations = changes.stream().map(c -> ((MembershipChange) c).generation()).toArray(Long[]::new);
            // the SQL builds the membership key of ClerkEventKey.membership (ReconcileQueriesKeyTest checks they agree)
            return classified("""
                    SELECT e.organization_id || ':' || e.user_id, CASE
                        WHEN t.user_id IS NULL THEN 'CREATE'
                        WHEN t.deleted_at IS NULL AND t.source_version = e.version
                             AND t.generation IS NOT DISTINCT FROM e.generation THEN 'UNCHANGED'
                        WHEN t.deleted_by = 'reconcile' THEN 'RESTORE'
                        WHEN e.generation <> t.generation
                             THEN CASE WHEN e.generation > t.generation THEN 'CHANGE' ELSE 'STALE' END
                        WHEN e.version > t.source_version OR (e.version = t.source_version AND t.deleted_at IS NULL)
                             THEN 'CHANGE'
                        ELSE 'STALE' END
                    FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[])
                        AS e(organization_id, user_id, version, generation)
                    LEFT JOIN organization_memberships t
                        ON t.organization_id = e.organization_id AND t.user_id = e.user_id""",
                    Tuple.of(organizations, users, versions, generations));
        }
        String[] ids = changes.stream().map(TenantChange::key).toArray(String[]::new);
        return classified("""
                SELECT e.id, CASE
                    WHEN t.id IS NULL THEN 'CREATE'
                    WHEN t.deleted_at IS NULL AND t.source_version = e.version THEN 'UNCHANGED'
                    WHEN t.deleted_by = 'reconcile' THEN 'RESTORE'
                    WHEN e.version > t.source_version OR (e.version = t.source_version AND t.deleted_at IS NULL)
                         THEN 'CHANGE'
                    ELSE 'STALE' END
                FROM unnest($1::text[], $2::bigint[]) AS e(id, version)
                LEFT JOIN %s t ON t.id = e.id""".formatted(kind.table()), Tuple.of(ids, versions));
    }

    private Uni<Map<String, Listed>> classified(String sql, Tuple tuple) {
        return pool.preparedQuery(sql).execute(tuple).map(rows -> {
            Map<String, Listed> classes = new HashMap<>();
            for (Row row : rows) {
                classes.put(row.getString(0), Listed.valueOf(row.getString(1)));
            }
            return classes;
        });
    }

    /** Live users or organizations older than {@code version}. */
    public Uni<List<String>> liveOlderThan(ClerkObjectKind kind, long version) {
        if (kind == ClerkObjectKind.MEMBERSHIPS) {
            throw new IllegalArgumentException("memberships: liveMembershipsOlderThan");
        }
        return pool.preparedQuery("SELECT id FROM " + kind.table() + " WHERE deleted_at IS NULL AND source_version < $1")
                .execute(Tuple.of(version)).map(rows -> {
                    List<String> ids = new ArrayList<>(rows.rowCount());
                    rows.forEach(row -> ids.add(row.getString(0)));
                    return ids;
                });
    }

    /** Live memberships older than {@code version}, by key ({@code orgId:userId}), each with its generation. */
    public Uni<Map<String, Long>> liveMembershipsOlderThan(long version) {
        // the SQL builds the membership key of ClerkEventKey.membership (ReconcileQueriesKeyTest checks they agree)
        return pool.preparedQuery("""
                SELECT organization_id || ':' || user_id, generation FROM organization_memberships
                WHERE deleted_at IS NULL AND source_version < $1""").execute(Tuple.of(version)).map(rows -> {
                    Map<String, Long> memberships = new HashMap<>();
                    rows.forEach(row -> memberships.put(row.getString(0), row.getLong(1)));
                    return memberships;
                });
    }

    /** Live rows of a kind: the base of the run's deletion budget. */
    public Uni<Long> liveCount(ClerkObjectKind kind) {
        return pool.query("SELECT count(*) FROM " + kind.table() + " WHERE deleted_at IS NULL").execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** The Clerk instances whose objects the tables hold (from webhook envelopes and completed runs). */
    public Uni<List<String>> knownInstances() {
        return pool.query("SELECT instance_id FROM clerk_instances ORDER BY first_seen_at, instance_id").execute()
                .map(rows -> {
                    List<String> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getString(0)));
                    return ids;
                });
    }

    /** Records the instance a completed run read. */
    public Uni<Void> recordInstance(String instanceId) {
        return pool.preparedQuery("""
                INSERT INTO clerk_instances (instance_id, source) VALUES ($1, 'reconciliation')
                ON CONFLICT (instance_id) DO NOTHING""").execute(Tuple.of(instanceId)).replaceWithVoid();
    }

    /**
     * Takes the lease for {@code ttlMillis} (again, if this holder has it). Answers empty when this holder has it,
     * else the other holder's name.
     */
    public Uni<Optional<String>> acquireLease(String holder, long ttlMillis) {
        return pool.preparedQuery("""
                INSERT INTO reconciliation_lease AS l (name, holder, expires_at)
                VALUES ($1, $2, now() + $3::bigint * interval '1 millisecond')
                ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
                WHERE l.expires_at < now() OR l.holder = excluded.holder
                RETURNING holder""").execute(Tuple.of(LEASE, holder, ttlMillis))
                .chain(taken -> taken.rowCount() > 0 ? Uni.createFrom().item(Optional.<String>empty())
                        : pool.preparedQuery("SELECT holder FROM reconciliation_lease WHERE name = $1")
                                .execute(Tuple.of(LEASE))
                                .map(rows -> Optional.of(rows.iterator().hasNext()
                                        ? rows.iterator().next().getString(0) : "another replica")));
    }

    /**
     * Extends the lease this holder has (also when it expired and nobody took it); answers false when it is not this
     * holder's any more: taken by another replica, or released. A renewal landing after the release, at the end of a
     * run, therefore never takes the lease again.
     */
    public Uni<Boolean> renewLease(String holder, long ttlMillis) {
        return pool.preparedQuery("""
                UPDATE reconciliation_lease SET expires_at = now() + $3::bigint * interval '1 millisecond'
                WHERE name = $1 AND holder = $2""").execute(Tuple.of(LEASE, holder, ttlMillis))
                .map(renewed -> renewed.rowCount() > 0);
    }

    public Uni<Void> releaseLease(String holder) {
        return pool.preparedQuery("DELETE FROM reconciliation_lease WHERE name = $1 AND holder = $2")
                .execute(Tuple.of(LEASE, holder)).replaceWithVoid();
    }

    /** A run's state (JSON) as its replica last reported it; silent: not reported for longer than asked. */
    public record ReportedRun(String stateJson, Instant reportedAt, boolean silent) {
    }

    /**
     * Records a run's state, unless the stored one is of a run started later or is the same run's final state (a
     * progress report that arrives after it).
     */
    public Uni<Void> reportRun(String holder, Instant startedAt, String stateJson) {
        return pool.preparedQuery("""
                INSERT INTO reconciliation_runs AS r (name, started_at, holder, state, updated_at)
                VALUES ($1, $2, $3, $4::text::jsonb, now())
                ON CONFLICT (name) DO UPDATE SET started_at = excluded.started_at, holder = excluded.holder,
                    state = excluded.state, updated_at = excluded.updated_at
                WHERE excluded.started_at > r.started_at
                   OR (excluded.started_at = r.started_at AND r.state->>'finishedAt' IS NULL)""")
                .execute(Tuple.of(LEASE, startedAt.atOffset(ZoneOffset.UTC), holder, stateJson)).replaceWithVoid();
    }

    /** The last reported run, if any; {@code silent} when its last report is older than {@code silentAfterMillis}. */
    public Uni<Optional<ReportedRun>> lastRun(long silentAfterMillis) {
        return pool.preparedQuery("""
                SELECT state::text, updated_at, updated_at < now() - $2::bigint * interval '1 millisecond'
                FROM reconciliation_runs WHERE name = $1""")
                .execute(Tuple.of(LEASE, silentAfterMillis))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    return Optional.of(new ReportedRun(row.getString(0), row.getOffsetDateTime(1).toInstant(),
                            row.getBoolean(2)));
                });
    }
}
