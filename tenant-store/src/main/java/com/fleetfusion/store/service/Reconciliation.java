package com.fleetfusion.store.service;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fleetfusion.events.ClerkEventKey;
import com.fleetfusion.store.client.ClerkBackend;
import com.fleetfusion.store.client.ClerkPage;
import com.fleetfusion.store.config.TenantStoreConfig;
import com.fleetfusion.store.model.ClerkObjectKind;
import com.fleetfusion.store.model.MembershipChange;
import com.fleetfusion.store.model.OrganizationChange;
import com.fleetfusion.store.model.Outcome;
import com.fleetfusion.store.model.ReconcileState;
import com.fleetfusion.store.model.TenantChange;
import com.fleetfusion.store.model.UserChange;
import com.fleetfusion.store.service.ReconcileRun.Phase;
import com.fleetfusion.store.store.ReconcileQueries;
import com.fleetfusion.store.store.ReconcileQueries.ReportedRun;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * Heals what webhooks missed: pages through Clerk's users, organizations and memberships (Backend API, oldest
 * first) and feeds every object to {@link ClerkEventApplier} as the upsert an {@code *.updated} event would be (same
 * mapping, same last-writer-wins on {@code updated_at}, so it never overwrites newer data and converges with
 * webhooks arriving meanwhile). Only after all three listings completed, live rows older than the run's start that
 * Clerk did not list are confirmed absent (an id filter query, since offset paging can skip an object when another
 * is deleted meanwhile) and tombstoned at the run's start as their version, together with the orphans: live
 * memberships whose organization or user is a tombstone. A failed listing tombstones nothing.
 *
 * <p>One run at a time: per process, and across replicas through a lease row in Postgres.
 */
@ApplicationScoped
public class Reconciliation {

    private static final Logger LOG = Logger.getLogger(Reconciliation.class);

    /** Changes per tombstoning transaction. */
    private static final int APPLY_CHUNK = 1000;

    private final ClerkBackend backend;
    private final ClerkEventParser parser;
    private final ClerkEventApplier applier;
    private final ReconcileQueries queries;
    private final TenantStoreConfig config;
    private final MeterRegistry registry;
    private final ObjectMapper json;
    private final String holder;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicReference<ReconcileRun> last = new AtomicReference<>();
    private final AtomicLong lastCompletedEpochSeconds = new AtomicLong();
    private final Counter completedRuns;
    private final Counter failedRuns;
    private final Timer duration;

    public Reconciliation(ClerkBackend backend, ClerkEventParser parser, ClerkEventApplier applier,
            ReconcileQueries queries, TenantStoreConfig config, MeterRegistry registry, ObjectMapper json) {
        this.backend = backend;
        this.parser = parser;
        this.applier = applier;
        this.queries = queries;
        this.config = config;
        this.registry = registry;
        this.json = json;
        this.holder = hostName() + "/" + UUID.randomUUID().toString().substring(0, 8);
        this.completedRuns = Counter.builder("tenant_store.reconcile.runs").tag("outcome", "completed")
                .description("Reconciliation runs finished, by outcome").register(registry);
        this.failedRuns = Counter.builder("tenant_store.reconcile.runs").tag("outcome", "failed")
                .description("Reconciliation runs finished, by outcome").register(registry);
        this.duration = Timer.builder("tenant_store.reconcile.duration")
                .description("Duration of reconciliation runs").register(registry);
        // strong references: Micrometer holds a gauge's object weakly, and a collected one drops out of /q/metrics
        Gauge.builder("tenant_store.reconcile.running", running, r -> r.get() ? 1 : 0).strongReference(true)
                .description("1 while a reconciliation run is going on in this replica").register(registry);
        Gauge.builder("tenant_store.reconcile.last_completed", lastCompletedEpochSeconds, AtomicLong::get)
                .strongReference(true)
                .description("End of the last completed run in this replica (epoch seconds, 0: none)")
                .baseUnit("seconds").register(registry);
    }

    /** Refuses to start with settings Clerk or the issue do not allow. */
    void checkSettings(@Observes StartupEvent event) {
        TenantStoreConfig.Reconcile reconcile = config.reconcile();
        if (reconcile.pageSize() < 1 || reconcile.pageSize() > TenantStoreConfig.Reconcile.MAXIMUM_PAGE_SIZE) {
            throw new IllegalStateException("tenant-store.reconcile.page-size must be 1..500");
        }
        if (!(reconcile.requestsPerSecond() > 0)) {
            throw new IllegalStateException("RECONCILE_REQUESTS_PER_SECOND must be positive");
        }
        if (reconcile.logEvery().multipliedBy(2).compareTo(reconcile.leaseTtl()) >= 0) {
            // the lease is renewed and the run reported at every progress line
            throw new IllegalStateException("tenant-store.reconcile.log-every must be under half the lease-ttl");
        }
        if (config.clerkHealth().cacheFor().compareTo(Duration.ofSeconds(30)) > 0) {
            throw new IllegalStateException("tenant-store.clerk-health.cache-for must be at most 30s");
        }
    }

    @Scheduled(cron = "${tenant-store.reconcile.schedule}", identity = "clerk-reconciliation",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return start("schedule").replaceWithVoid()
                .onFailure(ReconciliationRunningException.class).invoke(busy -> LOG.infof(
                        "scheduled reconciliation skipped: %s", busy.getMessage()))
                .onFailure(failure -> !(failure instanceof ReconciliationRunningException)).invoke(failure ->
                        LOG.warnf("scheduled reconciliation did not start (%s); the next one retries",
                                failure.toString()))
                .onFailure().recoverWithNull();
    }

    /**
     * Starts a run and answers its state; fails with {@link ReconciliationRunningException} when one is running here
     * or on another replica. The run goes on after the answer; follow it with {@link #state()}.
     */
    public Uni<ReconcileState> start(String trigger) {
        if (!running.compareAndSet(false, true)) {
            ReconcileRun current = last.get();
            return Uni.createFrom().failure(new ReconciliationRunningException(
                    current == null ? "this replica" : "this replica (run " + current.id() + ")"));
        }
        return queries.acquireLease(holder, config.reconcile().leaseTtl().toMillis())
                .onFailure().invoke(() -> running.set(false))
                .chain(otherHolder -> {
                    if (otherHolder.isPresent()) {
                        running.set(false);
                        return Uni.createFrom().failure(new ReconciliationRunningException(otherHolder.get()));
                    }
                    ReconcileRun run = new ReconcileRun(trigger, holder, System.currentTimeMillis(),
                            backend.requests(), registry);
                    last.set(run);
                    LOG.infof("reconciliation %s started (%s), tombstone version %d", run.id(), trigger,
                            run.tombstoneVersion());
                    Cancellable ticker = Multi.createFrom().ticks().startingAfter(config.reconcile().logEvery())
                            .every(config.reconcile().logEvery())
                            // a slow progress step skips ticks rather than ending the ticker (and the lease renewal)
                            .onOverflow().drop()
                            .onItem().transformToUniAndConcatenate(tick -> progress(run))
                            .subscribe().with(ignored -> { }, failure -> LOG.warnf(
                                    "reconciliation %s: progress ticker stopped (%s)", run.id(), failure.toString()));
                    execute(run).subscribe().with(ok -> finish(run, null, ticker),
                            failure -> finish(run, failure, ticker));
                    return report(run).map(ignored -> run.state(backend.requests()));
                });
    }

    /**
     * The current or last run, whichever replica ran it: this replica's own run as it is now, or the one the database
     * has if it started later (another replica's; {@code interrupted} if that replica stopped reporting for longer
     * than the lease); {@code idle} when no run is known. Without the database, this replica's own.
     */
    public Uni<ReconcileState> state() {
        ReconcileRun run = last.get();
        ReconcileState own = run == null ? null : run.state(backend.requests());
        return queries.lastRun(config.reconcile().leaseTtl().toMillis())
                .map(reported -> reported.map(this::read).filter(other -> newer(other, own)).orElse(own))
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("reconciliation state not read from the database (%s); answering this replica's",
                            failure.toString());
                    return own;
                })
                .map(state -> state == null ? ReconcileState.idle() : state);
    }

    private static boolean newer(ReconcileState reported, ReconcileState own) {
        return own == null || !reported.id().equals(own.id()) && reported.startedAt().isAfter(own.startedAt());
    }

    private ReconcileState read(ReportedRun reported) {
        try {
            ReconcileState state = json.readValue(reported.stateJson(), ReconcileState.class);
            return reported.silent() && !state.finished() ? state.interrupted(reported.reportedAt()) : state;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable reconciliation_runs.state", e);
        }
    }

    /**
     * Records the run's state for the other replicas (a progress report arriving after the final one is ignored);
     * the final report is retried, a lost progress report only costs them a fresh view.
     */
    private Uni<Void> report(ReconcileRun run) {
        ReconcileState state = run.state(backend.requests());
        Uni<Void> recorded = Uni.createFrom().item(() -> {
            try {
                return json.writeValueAsString(state);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }).chain(stateJson -> queries.reportRun(holder, state.startedAt(), stateJson));
        if (state.finished()) {
            recorded = recorded.onFailure().retry().withBackOff(Duration.ofMillis(200)).atMost(5);
        }
        return recorded
                .onFailure().invoke(failure -> LOG.warnf("reconciliation %s: state not recorded (%s)", run.id(),
                        failure.toString()))
                .onFailure().recoverWithNull();
    }

    private Uni<Void> progress(ReconcileRun run) {
        LOG.info(run.progressLine(backend.requests()));
        return queries.renewLease(holder, config.reconcile().leaseTtl().toMillis())
                .invoke(renewed -> {
                    if (!renewed) {
                        LOG.warnf("reconciliation %s: the lease is no longer this replica's", run.id());
                    }
                })
                .replaceWithVoid()
                .onFailure().invoke(failure -> LOG.warnf("reconciliation lease not renewed (%s)", failure.toString()))
                .onFailure().recoverWithNull()
                .chain(() -> report(run));
    }

    /**
     * Releases the lease first, so that whoever sees the run finished can start the next one at once; then reports the
     * final state (a report never replaces a later run's).
     */
    private void finish(ReconcileRun run, Throwable failure, Cancellable ticker) {
        ticker.cancel();
        queries.releaseLease(holder)
                .onFailure().invoke(release -> LOG.warnf("reconciliation lease not released (%s); it expires by"
                        + " itself", release.toString()))
                .onFailure().recoverWithNull()
                .invoke(() -> {
                    running.set(false);
                    run.finish(failure, backend.requests());
                    duration.record(run.elapsed().toNanos(), TimeUnit.NANOSECONDS);
                    if (failure == null) {
                        completedRuns.increment();
                        lastCompletedEpochSeconds.set(System.currentTimeMillis() / 1000);
                        LOG.info(run.progressLine(backend.requests()));
                    } else {
                        failedRuns.increment();
                        LOG.warn(run.progressLine(backend.requests()));
                    }
                })
                .chain(() -> report(run))
                .subscribe().with(ignored -> { }, ignored -> { });
    }

    private Uni<Void> execute(ReconcileRun run) {
        return list(run, ClerkObjectKind.USERS)
                .chain(() -> list(run, ClerkObjectKind.ORGANIZATIONS))
                .chain(() -> list(run, ClerkObjectKind.MEMBERSHIPS))
                .chain(() -> tombstoneAbsent(run));
    }

    /** Lists one kind completely: page by page from offset 0. */
    private Uni<Void> list(ReconcileRun run, ClerkObjectKind kind) {
        run.phase(Phase.listing(kind));
        return list(run, kind, 0, backend.page(kind, config.reconcile().pageSize(), 0));
    }

    /**
     * Applies the page at {@code offset} while the next one is already being fetched (the two take about as long, so
     * the run costs little more than the listing). A failed fetch has been retried at the same offset by the client.
     */
    private Uni<Void> list(ReconcileRun run, ClerkObjectKind kind, int offset, Uni<ClerkPage> fetching) {
        int limit = config.reconcile().pageSize();
        return fetching.chain(page -> {
            run.total(kind, page.totalCount());
            int size = page.data().size();
            boolean last = size < limit || page.totalCount() != null && offset + size >= page.totalCount();
            Uni<ClerkPage> next = last ? null : prefetch(backend.page(kind, limit, offset + size));
            return applyListed(run, kind, page.data()).chain(() -> {
                if (last) {
                    run.listed(kind);
                    return Uni.createFrom().voidItem();
                }
                return list(run, kind, offset + size, next);
            });
        });
    }

    /** Starts the fetch now rather than when the chain reaches it. */
    private static Uni<ClerkPage> prefetch(Uni<ClerkPage> page) {
        return Uni.createFrom().completionStage(page.subscribeAsCompletionStage());
    }

    /** Maps listed objects as the webhooks' are, remembers their keys and applies those that differ from the row. */
    private Uni<Void> applyListed(ReconcileRun run, ClerkObjectKind kind, List<JsonNode> objects) {
        List<TenantChange> changes = new ArrayList<>(objects.size());
        for (JsonNode object : objects) {
            try {
                TenantChange change = parser.upsertOf(kind, object);
                run.seen(kind, change.key());
                changes.add(change);
            } catch (UnapplicableEventException e) {
                // still listed: never tombstoned for being unreadable
                String id = object.path("id").asText(null);
                if (id != null && kind != ClerkObjectKind.MEMBERSHIPS) {
                    run.seen(kind, id);
                }
                LOG.warnf("reconciliation %s: a listed %s cannot be applied (%s)", run.id(), kind.objectType(),
                        e.getMessage());
            }
        }
        run.scanned(kind, objects.size());
        return queries.unchangedKeys(kind, changes).chain(unchanged -> {
            List<TenantChange> differing = changes.stream().filter(c -> !unchanged.contains(c.key())).toList();
            return applier.applyChanges(differing).invoke(result -> run.changed(kind, result.count(Outcome.APPLIED)));
        }).replaceWithVoid();
    }

    private Uni<Void> tombstoneAbsent(ReconcileRun run) {
        run.phase(Phase.TOMBSTONING);
        long version = run.tombstoneVersion();
        return absent(run, ClerkObjectKind.USERS).chain(users -> absent(run, ClerkObjectKind.ORGANIZATIONS)
                .chain(organizations -> absentMemberships(run, users, organizations).chain(memberships -> {
                    List<TenantChange> deletions = new ArrayList<>();
                    users.forEach(id -> deletions.add(UserChange.deletion(id, version)));
                    organizations.forEach(id -> deletions.add(OrganizationChange.deletion(id, version)));
                    memberships.forEach(key -> deletions.add(membershipDeletion(key, version)));
                    return applyDeletions(run, deletions);
                })));
    }

    /** Live users or organizations older than the run that Clerk did not list, confirmed absent by id. */
    private Uni<Set<String>> absent(ReconcileRun run, ClerkObjectKind kind) {
        return queries.liveOlderThan(kind, run.tombstoneVersion()).chain(live -> {
            List<String> candidates = live.stream().filter(id -> !run.wasSeen(kind, id)).toList();
            return Multi.createFrom().iterable(chunks(candidates, TenantStoreConfig.Reconcile.MAXIMUM_IDS_PER_REQUEST))
                    .onItem().transformToUniAndConcatenate(chunk -> (kind == ClerkObjectKind.USERS
                            ? backend.users(chunk) : backend.organizations(chunk))
                            .call(found -> applyListed(run, kind, found)))
                    .collect().in(HashSet<String>::new, (present, found) -> found.forEach(
                            object -> present.add(object.path("id").asText())))
                    .map(present -> {
                        Set<String> absent = new HashSet<>(candidates);
                        absent.removeAll(present);
                        return absent;
                    });
        });
    }

    /**
     * Live memberships older than the run to tombstone: the orphans (organization or user a tombstone, listed or
     * not), those Clerk did not list whose organization or user is absent, and those Clerk did not list that a
     * filtered listing of their organization confirms absent.
     */
    private Uni<Set<String>> absentMemberships(ReconcileRun run, Set<String> absentUsers,
            Set<String> absentOrganizations) {
        ClerkObjectKind kind = ClerkObjectKind.MEMBERSHIPS;
        return queries.liveMembershipsOlderThan(run.tombstoneVersion()).chain(live -> {
            Set<String> absent = new HashSet<>();
            Map<String, List<String>> toConfirm = new LinkedHashMap<>();
            live.forEach((key, orphan) -> {
                String organizationId = ClerkEventKey.organizationIdOf(key);
                String userId = ClerkEventKey.userIdOf(key);
                if (orphan || absentOrganizations.contains(organizationId) || absentUsers.contains(userId)) {
                    absent.add(key);
                } else if (!run.wasSeen(kind, key)) {
                    toConfirm.computeIfAbsent(organizationId, o -> new ArrayList<>()).add(userId);
                }
            });
            List<Map.Entry<String, List<String>>> requests = new ArrayList<>();
            toConfirm.forEach((organizationId, userIds) -> chunks(userIds,
                    TenantStoreConfig.Reconcile.MAXIMUM_IDS_PER_REQUEST)
                    .forEach(chunk -> requests.add(Map.entry(organizationId, chunk))));
            return Multi.createFrom().iterable(requests)
                    .onItem().transformToUniAndConcatenate(request -> backend
                            .organizationMemberships(request.getKey(), request.getValue())
                            .call(found -> applyListed(run, kind, found))
                            .map(found -> {
                                Set<String> present = new HashSet<>();
                                found.forEach(m -> present.add(ClerkEventKey.membership(
                                        m.path("organization").path("id").asText(),
                                        m.path("public_user_data").path("user_id").asText())));
                                List<String> missing = new ArrayList<>();
                                request.getValue().forEach(userId -> {
                                    String key = ClerkEventKey.membership(request.getKey(), userId);
                                    if (!present.contains(key)) {
                                        missing.add(key);
                                    }
                                });
                                return missing;
                            }))
                    .collect().in(() -> absent, Set::addAll);
        });
    }

    /** Applies deletions in chunks; each applied one is a row tombstoned by this run. */
    private Uni<Void> applyDeletions(ReconcileRun run, List<TenantChange> deletions) {
        return Multi.createFrom().iterable(chunks(deletions, APPLY_CHUNK))
                .onItem().transformToUniAndConcatenate(chunk -> applier.applyChanges(chunk).invoke(result -> {
                    for (int i = 0; i < chunk.size(); i++) {
                        if (result.outcomes().get(i) == Outcome.APPLIED) {
                            run.tombstoned(kindOf(chunk.get(i)), 1);
                        }
                    }
                }))
                .collect().last().replaceWithVoid();
    }

    private static ClerkObjectKind kindOf(TenantChange change) {
        if (change instanceof UserChange) {
            return ClerkObjectKind.USERS;
        }
        return change instanceof OrganizationChange ? ClerkObjectKind.ORGANIZATIONS : ClerkObjectKind.MEMBERSHIPS;
    }

    private static MembershipChange membershipDeletion(String key, long version) {
        return MembershipChange.deletion(ClerkEventKey.organizationIdOf(key), ClerkEventKey.userIdOf(key), version);
    }

    private static <T> List<List<T>> chunks(List<T> items, int size) {
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < items.size(); i += size) {
            chunks.add(items.subList(i, Math.min(items.size(), i + size)));
        }
        return chunks;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "tenant-store";
        }
    }
}
