package com.fleetfusion.store.service;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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
import com.fleetfusion.store.model.ReconcileOptions;
import com.fleetfusion.store.model.ReconcileState;
import com.fleetfusion.store.model.TenantChange;
import com.fleetfusion.store.model.UserChange;
import com.fleetfusion.store.service.ReconcileRun.Phase;
import com.fleetfusion.store.store.ReconcileQueries;
import com.fleetfusion.store.store.ReconcileQueries.Listed;
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
 * webhooks arriving meanwhile); a row it had tombstoned is restored. It cannot destroy: it first checks that the
 * secret key belongs to the instance whose objects the tables hold ({@code GET /v1/instance}); only after all three
 * listings completed does it count the live rows older than the run that Clerk did not list, and if they exceed the
 * deletion budget of a kind it deletes nothing ({@code refused}); each one left is tombstoned only when a direct read
 * by id answers 404 {@code resource_not_found} (anything else: left alone, {@code unconfirmed}), at the run's start
 * as its version and marked {@code deleted_by = 'reconcile'}. A failed listing tombstones nothing. A dry run does all
 * the reads and writes nothing.
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
    private final Counter refusedRuns;
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
        this.refusedRuns = Counter.builder("tenant_store.reconcile.runs").tag("outcome", "refused")
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
        if (!(reconcile.maxDeleteFraction() >= 0 && reconcile.maxDeleteFraction() <= 1)) {
            throw new IllegalStateException("RECONCILE_MAX_DELETE_FRACTION must be between 0 and 1");
        }
        if (reconcile.maxDeletes() < 0) {
            throw new IllegalStateException("RECONCILE_MAX_DELETES must not be negative");
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
        return start("schedule", ReconcileOptions.SCHEDULED).replaceWithVoid()
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
    public Uni<ReconcileState> start(String trigger, ReconcileOptions options) {
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
                    ReconcileRun run = new ReconcileRun(trigger, holder, options, System.currentTimeMillis(),
                            backend.requests(), registry);
                    last.set(run);
                    LOG.infof("reconciliation %s started (%s%s%s), tombstone version %d", run.id(), trigger,
                            options.dryRun() ? ", dry run" : "",
                            options.allowDeletes() == null ? "" : ", deletions allowed: " + options.allowDeletes(),
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
                        if (!run.dryRun()) {
                            lastCompletedEpochSeconds.set(System.currentTimeMillis() / 1000);
                        }
                        LOG.info(run.progressLine(backend.requests()));
                    } else if (failure instanceof ReconciliationRefusedException) {
                        refusedRuns.increment();
                        LOG.warn(run.progressLine(backend.requests()));
                    } else {
                        failedRuns.increment();
                        LOG.warn(run.progressLine(backend.requests()));
                    }
                })
                .chain(() -> report(run))
                .subscribe().with(ignored -> { }, ignored -> { });
    }

    private Uni<Void> execute(ReconcileRun run) {
        return checkInstance(run)
                .chain(() -> list(run, ClerkObjectKind.USERS))
                .chain(() -> list(run, ClerkObjectKind.ORGANIZATIONS))
                .chain(() -> list(run, ClerkObjectKind.MEMBERSHIPS))
                .chain(() -> candidates(run))
                .chain(candidates -> confirmAbsent(run, candidates))
                .chain(absent -> tombstone(run, absent))
                .chain(() -> run.dryRun() || run.instanceId() == null ? Uni.createFrom().voidItem()
                        : queries.recordInstance(run.instanceId()));
    }

    /**
     * Refuses a key of another instance than the one whose objects the tables hold (webhook envelopes, completed
     * runs). Where the API does not offer GET /v1/instance, or nothing is known yet, the deletion budget still holds.
     */
    private Uni<Void> checkInstance(ReconcileRun run) {
        run.phase(Phase.CHECKING_INSTANCE);
        return backend.instanceId().chain(instance -> queries.knownInstances().invoke(known -> {
            run.instanceId(instance.orElse(null));
            if (instance.isEmpty()) {
                LOG.warnf("reconciliation %s: the Backend API names no instance; the deletion budget alone guards",
                        run.id());
            } else if (!known.isEmpty() && !known.contains(instance.get())) {
                throw new ReconciliationRefusedException("instance-mismatch", "the secret key belongs to Clerk"
                        + " instance " + instance.get() + ", the tables hold objects of " + String.join(", ", known)
                        + "; nothing was listed or changed");
            }
        })).replaceWithVoid();
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

    /**
     * Maps listed objects as the webhooks' are, remembers their keys and applies those that would change their row
     * (a dry run only notes them): a reconciliation tombstone of an object Clerk has is restored.
     */
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
        return queries.classify(kind, changes).chain(classes -> {
            List<TenantChange> differing = changes.stream()
                    .filter(c -> classes.get(c.key()) != Listed.UNCHANGED).toList();
            if (run.dryRun()) {
                differing.forEach(change -> {
                    Listed listed = classes.get(change.key());
                    if (listed == Listed.CREATE) {
                        run.wouldCreate(kind, change.key());
                    } else if (listed == Listed.CHANGE || listed == Listed.RESTORE) {
                        run.wouldChange(kind, change.key());
                    }
                });
                return Uni.createFrom().voidItem();
            }
            return applier.applyChanges(differing).invoke(result -> {
                for (int i = 0; i < differing.size(); i++) {
                    if (result.outcomes().get(i) == Outcome.APPLIED) {
                        if (classes.get(differing.get(i).key()) == Listed.RESTORE) {
                            run.restored(kind, 1);
                        } else {
                            run.changed(kind, 1);
                        }
                    }
                }
            }).replaceWithVoid();
        });
    }

    /** The live rows older than the run that Clerk did not list: what the run may tombstone. */
    record Candidates(List<String> users, List<String> organizations, Map<String, Long> memberships) {

        long count(ClerkObjectKind kind) {
            return switch (kind) {
                case USERS -> users.size();
                case ORGANIZATIONS -> organizations.size();
                case MEMBERSHIPS -> memberships.size();
            };
        }

        List<String> keys(ClerkObjectKind kind) {
            return switch (kind) {
                case USERS -> users;
                case ORGANIZATIONS -> organizations;
                case MEMBERSHIPS -> List.copyOf(memberships.keySet());
            };
        }
    }

    /**
     * Finds the candidates and holds them against the deletion budget of each kind, before a single tombstone: more
     * than {@code RECONCILE_MAX_DELETE_FRACTION} of the kind's live rows or than {@code RECONCILE_MAX_DELETES}
     * (or than the operator's {@code allowDeletes} for this run) and the run ends refused, having deleted nothing.
     */
    private Uni<Candidates> candidates(ReconcileRun run) {
        run.phase(Phase.CONFIRMING);
        long version = run.tombstoneVersion();
        return queries.liveOlderThan(ClerkObjectKind.USERS, version)
                .chain(users -> queries.liveOlderThan(ClerkObjectKind.ORGANIZATIONS, version)
                        .chain(organizations -> queries.liveMembershipsOlderThan(version).map(memberships -> {
                            Map<String, Long> unlisted = new TreeMap<>();
                            memberships.forEach((key, generation) -> {
                                if (!run.wasSeen(ClerkObjectKind.MEMBERSHIPS, key)) {
                                    unlisted.put(key, generation);
                                }
                            });
                            return new Candidates(unlisted(run, ClerkObjectKind.USERS, users),
                                    unlisted(run, ClerkObjectKind.ORGANIZATIONS, organizations), unlisted);
                        })))
                .call(candidates -> Multi.createFrom().items(ClerkObjectKind.values())
                        .onItem().transformToUniAndConcatenate(kind -> queries.liveCount(kind).invoke(live ->
                                run.budget(kind, live, budget(run, live))))
                        .collect().last())
                .invoke(candidates -> checkBudget(run, candidates));
    }

    private static List<String> unlisted(ReconcileRun run, ClerkObjectKind kind, List<String> live) {
        return live.stream().filter(id -> !run.wasSeen(kind, id)).sorted().toList();
    }

    private long budget(ReconcileRun run, long live) {
        if (run.allowDeletes() != null) {
            return run.allowDeletes();
        }
        TenantStoreConfig.Reconcile reconcile = config.reconcile();
        return Math.min(reconcile.maxDeletes(), (long) Math.floor(reconcile.maxDeleteFraction() * live));
    }

    private void checkBudget(ReconcileRun run, Candidates candidates) {
        List<String> over = new ArrayList<>();
        ReconcileState state = run.state(backend.requests());
        for (ClerkObjectKind kind : ClerkObjectKind.values()) {
            ReconcileState.KindProgress progress = state.kinds().get(kind.label());
            if (candidates.count(kind) > progress.budget()) {
                over.add(kind.label() + " " + candidates.count(kind) + " of " + progress.live() + " live (budget "
                        + progress.budget() + ")");
            }
        }
        if (over.isEmpty()) {
            return;
        }
        for (ClerkObjectKind kind : ClerkObjectKind.values()) {
            run.refused(kind, candidates.count(kind));
            if (run.dryRun()) {
                candidates.keys(kind).forEach(key -> run.wouldTombstone(kind, key));
            }
        }
        throw new ReconciliationRefusedException("deletion-budget", "Clerk did not list " + String.join(", ", over)
                + (run.allowDeletes() == null ? ": beyond RECONCILE_MAX_DELETE_FRACTION "
                        + config.reconcile().maxDeleteFraction() + " or RECONCILE_MAX_DELETES "
                        + config.reconcile().maxDeletes() : ": beyond allowDeletes " + run.allowDeletes())
                + "; nothing was tombstoned (check CLERK_SECRET_KEY and CLERK_API_URL; if the deletions are right,"
                + " POST /admin/reconcile?allowDeletes=N)");
    }

    /** The absent keys of each kind, confirmed one by one. */
    record Absent(Set<String> users, Set<String> organizations, Map<String, Long> memberships) {
    }

    /**
     * Confirms each candidate absent by a direct read: {@code GET /v1/users/{id}}, {@code GET
     * /v1/organizations/{id}}, and the organization's memberships filtered by user (a membership of a user or an
     * organization confirmed absent is absent). A 404 {@code resource_not_found} (for memberships: the organization's,
     * or a listing without the user) confirms; an object found (offset paging skipped it) is applied instead; any
     * other answer, after the retries, leaves the row alone and counts it {@code unconfirmed}.
     */
    private Uni<Absent> confirmAbsent(ReconcileRun run, Candidates candidates) {
        return confirm(run, ClerkObjectKind.USERS, candidates.users(), backend::user)
                .chain(users -> confirm(run, ClerkObjectKind.ORGANIZATIONS, candidates.organizations(),
                        backend::organization)
                        .chain(organizations -> confirmMemberships(run, candidates.memberships(), users,
                                organizations).map(memberships -> new Absent(users, organizations, memberships))));
    }

    private Uni<Set<String>> confirm(ReconcileRun run, ClerkObjectKind kind, List<String> ids,
            java.util.function.Function<String, Uni<Optional<JsonNode>>> read) {
        Set<String> absent = new TreeSet<>();
        return Multi.createFrom().iterable(ids)
                .onItem().transformToUniAndConcatenate(id -> read.apply(id)
                        .chain(found -> {
                            if (found.isEmpty()) {
                                absent.add(id);
                                return Uni.createFrom().voidItem();
                            }
                            return applyListed(run, kind, List.of(found.get()));
                        })
                        .onFailure().recoverWithItem(failure -> {
                            unconfirmed(run, kind, 1, id, failure);
                            return null;
                        }))
                .collect().last().map(ignored -> absent);
    }

    private Uni<Map<String, Long>> confirmMemberships(ReconcileRun run, Map<String, Long> candidates,
            Set<String> absentUsers, Set<String> absentOrganizations) {
        ClerkObjectKind kind = ClerkObjectKind.MEMBERSHIPS;
        Map<String, Long> absent = new TreeMap<>();
        Map<String, List<String>> toConfirm = new TreeMap<>();
        candidates.forEach((key, generation) -> {
            String organizationId = ClerkEventKey.organizationIdOf(key);
            String userId = ClerkEventKey.userIdOf(key);
            if (absentOrganizations.contains(organizationId) || absentUsers.contains(userId)) {
                absent.put(key, generation);
            } else {
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
                        .chain(found -> {
                            List<JsonNode> present = found.orElse(List.of());
                            Set<String> presentKeys = new HashSet<>();
                            present.forEach(m -> presentKeys.add(ClerkEventKey.membership(
                                    m.path("organization").path("id").asText(),
                                    m.path("public_user_data").path("user_id").asText())));
                            request.getValue().forEach(userId -> {
                                String key = ClerkEventKey.membership(request.getKey(), userId);
                                if (!presentKeys.contains(key)) {
                                    absent.put(key, candidates.get(key));
                                }
                            });
                            return applyListed(run, kind, present);
                        })
                        .onFailure().recoverWithItem(failure -> {
                            unconfirmed(run, kind, request.getValue().size(), request.getKey(), failure);
                            return null;
                        }))
                .collect().last().map(ignored -> absent);
    }

    private static void unconfirmed(ReconcileRun run, ClerkObjectKind kind, int n, String id, Throwable failure) {
        run.unconfirmed(kind, n);
        LOG.warnf("reconciliation %s: absence of %s %s not confirmed, left alone (%s)", run.id(), kind.label(), id,
                failure.toString());
    }

    /** Tombstones what was confirmed absent, in chunks; each applied deletion is a row tombstoned by this run. */
    private Uni<Void> tombstone(ReconcileRun run, Absent absent) {
        run.phase(Phase.TOMBSTONING);
        long version = run.tombstoneVersion();
        if (run.dryRun()) {
            absent.users().forEach(id -> run.wouldTombstone(ClerkObjectKind.USERS, id));
            absent.organizations().forEach(id -> run.wouldTombstone(ClerkObjectKind.ORGANIZATIONS, id));
            absent.memberships().keySet().forEach(key -> run.wouldTombstone(ClerkObjectKind.MEMBERSHIPS, key));
            return Uni.createFrom().voidItem();
        }
        List<TenantChange> deletions = new ArrayList<>();
        absent.users().forEach(id -> deletions.add(UserChange.deletion(id, version)));
        absent.organizations().forEach(id -> deletions.add(OrganizationChange.deletion(id, version)));
        // of the generation the run saw: a member added again meanwhile is a later one, never deleted by it
        absent.memberships().forEach((key, generation) -> deletions.add(
                MembershipChange.deletion(ClerkEventKey.organizationIdOf(key), ClerkEventKey.userIdOf(key), version,
                        generation)));
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
