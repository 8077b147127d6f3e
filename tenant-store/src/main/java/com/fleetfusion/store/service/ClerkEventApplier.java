package com.fleetfusion.store.service;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fleetfusion.store.model.ApplyResult;
import com.fleetfusion.store.model.ClerkEvent;
import com.fleetfusion.store.model.MembershipChange;
import com.fleetfusion.store.model.OrganizationChange;
import com.fleetfusion.store.model.Outcome;
import com.fleetfusion.store.model.TenantChange;
import com.fleetfusion.store.model.UserChange;
import com.fleetfusion.store.store.TenantTables;
import com.fleetfusion.store.store.TenantTables.Processed;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Applies Clerk events to the tenant tables: a whole batch in ONE transaction, newest change per key, last writer
 * wins against the stored rows, tombstones and cascades as DESIGN.md's database rules say. Events whose
 * {@code svix-id} was already processed are skipped and every new svix-id is recorded with its outcome.
 *
 * <p>The consumer calls {@link #apply(List)} with parsed events; anything else (reconciliation) may call
 * {@link #applyChanges(List)} with changes built from Clerk's API objects: same code path, same rules.
 */
@ApplicationScoped
public class ClerkEventApplier {

    private final Pool pool;
    private final TenantTables tables;
    private final Timer transactionTimer;
    /** Clerk instances already recorded in clerk_instances by this process: recorded once, not per batch. */
    private final Set<String> recordedInstances = ConcurrentHashMap.newKeySet();

    public ClerkEventApplier(Pool pool, TenantTables tables, MeterRegistry registry) {
        this.pool = pool;
        this.tables = tables;
        this.transactionTimer = Timer.builder("tenant_store.apply.transaction")
                .description("Time of one batch transaction against Postgres").register(registry);
    }

    /**
     * Applies the changes of a reconciliation run (objects of the Backend API, no svix-id): the same rules, except
     * that its deletions are marked {@code deleted_by = 'reconcile'} (neither recorded as the object's deletion nor
     * cascaded: the run deletes the memberships it confirmed absent itself), and its upserts restore such a row.
     */
    public Uni<ApplyResult> applyChanges(List<? extends TenantChange> changes) {
        List<ClerkEvent> events = new ArrayList<>(changes.size());
        changes.forEach(change -> events.add(new ClerkEvent(null, "reconciliation", change)));
        return apply(events, true);
    }

    /** Applies a batch of Clerk's events in one transaction; the result lists each event's outcome in order. */
    public Uni<ApplyResult> apply(List<ClerkEvent> events) {
        return apply(events, false);
    }

    private Uni<ApplyResult> apply(List<ClerkEvent> events, boolean reconcile) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(new ApplyResult(List.of()));
        }
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            Set<String> newInstances = new TreeSet<>();
            events.forEach(event -> {
                if (event.instanceId() != null && !recordedInstances.contains(event.instanceId())) {
                    newInstances.add(event.instanceId());
                }
            });
            return pool.withTransaction(connection -> applyIn(connection, events, reconcile)
                            .call(() -> tables.recordInstances(connection, newInstances)))
                    .invoke(() -> {
                        recordedInstances.addAll(newInstances);
                        transactionTimer.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
                    });
        });
    }

    /**
     * The svix-id look-up, then everything the batch writes at once, then the svix-ids it processed. The writes are
     * built before they go out, so that when one of them waits for a concurrent batch's locks (the batch before this
     * one, another replica's) the rest of the batch is already queued in Postgres and runs the moment they are
     * released: the service prepares a batch while Postgres applies the one before.
     */
    private Uni<ApplyResult> applyIn(SqlConnection connection, List<ClerkEvent> events, boolean reconcile) {
        Set<String> svixIds = new LinkedHashSet<>();
        events.forEach(event -> {
            if (event.svixId() != null) {
                svixIds.add(event.svixId());
            }
        });
        return tables.seenSvixIds(connection, svixIds)
                .map(seen -> new Batch(events, seen, reconcile))
                .chain(batch -> applyBatch(connection, batch));
    }

    /**
     * The writes, pipelined: every statement is sent at once and Postgres runs them in this order (begin_apply,
     * users, organizations, deletions and their cascades, memberships last so that they see the deletions), one round
     * trip instead of one per statement; then the svix-ids with the outcomes the writes returned.
     */
    private Uni<ApplyResult> applyBatch(SqlConnection connection, Batch batch) {
        return Uni.combine().all()
                .unis(tables.beginApply(connection, batch.memberships.values(), batch.userDeletions.keySet(),
                                batch.organizationDeletions.keySet()),
                        tables.upsertUsers(connection, batch.users.values(), batch.reconcile),
                        tables.upsertOrganizations(connection, batch.organizations.values(), batch.reconcile),
                        tables.recordDeletionsAndCascade(connection, "users", batch.userDeletions),
                        tables.recordDeletionsAndCascade(connection, "organizations", batch.organizationDeletions),
                        tables.upsertMemberships(connection, batch.memberships.values(), batch.reconcile))
                .with((locked, users, organizations, userCascade, organizationCascade, memberships) -> {
                    batch.writtenUsers.addAll(users);
                    batch.writtenOrganizations.addAll(organizations);
                    batch.writtenMemberships.addAll(memberships);
                    return batch.result();
                })
                .chain(result -> tables.recordProcessed(connection, batch.processed(result)).replaceWith(result));
    }

    /** A batch reduced to the newest change per key, with the bookkeeping that gives each event its outcome. */
    private static final class Batch {
        final List<ClerkEvent> events;
        final Set<String> seenBefore;
        final boolean reconcile;
        final Map<ClerkEvent, Boolean> duplicates = new IdentityHashMap<>();
        /** sorted: concurrent transactions (replicas, reconciliation) lock rows in the same order, so never deadlock */
        final Map<String, UserChange> users = new TreeMap<>();
        final Map<String, OrganizationChange> organizations = new TreeMap<>();
        final Map<String, MembershipChange> memberships = new TreeMap<>();
        /** newest deletion per id, winner or not: a deletion outvoted in the batch still cascades (sorted too) */
        final Map<String, Long> userDeletions = new TreeMap<>();
        final Map<String, Long> organizationDeletions = new TreeMap<>();
        final Set<String> writtenUsers = new HashSet<>();
        final Set<String> writtenOrganizations = new HashSet<>();
        final Set<String> writtenMemberships = new HashSet<>();

        Batch(List<ClerkEvent> events, Set<String> seenBefore, boolean reconcile) {
            this.events = events;
            this.seenBefore = seenBefore;
            this.reconcile = reconcile;
            Set<String> seenInBatch = new HashSet<>();
            for (ClerkEvent event : events) {
                if (event.svixId() != null
                        && (seenBefore.contains(event.svixId()) || !seenInBatch.add(event.svixId()))) {
                    duplicates.put(event, Boolean.TRUE);
                    continue;
                }
                TenantChange change = event.change();
                if (change instanceof UserChange user) {
                    keepNewest(users, user);
                    if (user.deletion() && !reconcile) {
                        userDeletions.merge(user.id(), user.version(), Math::max);
                    }
                } else if (change instanceof OrganizationChange organization) {
                    keepNewest(organizations, organization);
                    if (organization.deletion() && !reconcile) {
                        organizationDeletions.merge(organization.id(), organization.version(), Math::max);
                    }
                } else if (change instanceof MembershipChange membership) {
                    keepNewest(memberships, membership);
                }
            }
        }

        private static <C extends TenantChange> void keepNewest(Map<String, C> newest, C change) {
            newest.merge(change.key(), change, (kept, candidate) -> candidate.supersedes(kept) ? candidate : kept);
        }

        ApplyResult result() {
            List<Outcome> outcomes = new ArrayList<>(events.size());
            for (ClerkEvent event : events) {
                outcomes.add(outcome(event));
            }
            return new ApplyResult(outcomes);
        }

        private Outcome outcome(ClerkEvent event) {
            if (duplicates.containsKey(event)) {
                return Outcome.DUPLICATE;
            }
            TenantChange change = event.change();
            if (change == null) {
                return Outcome.SKIPPED;
            }
            boolean applied;
            if (change instanceof UserChange) {
                applied = users.get(change.key()) == change && writtenUsers.contains(change.key());
            } else if (change instanceof OrganizationChange) {
                applied = organizations.get(change.key()) == change && writtenOrganizations.contains(change.key());
            } else {
                applied = memberships.get(change.key()) == change && writtenMemberships.contains(change.key());
            }
            return applied ? Outcome.APPLIED : Outcome.STALE;
        }

        List<Processed> processed(ApplyResult result) {
            List<Processed> processed = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                ClerkEvent event = events.get(i);
                Outcome outcome = result.outcomes().get(i);
                if (event.svixId() != null && outcome != Outcome.DUPLICATE) {
                    processed.add(new Processed(event.svixId(), event.type(), outcome));
                }
            }
            return processed;
        }
    }
}
