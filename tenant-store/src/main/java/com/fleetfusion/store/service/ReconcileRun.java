package com.fleetfusion.store.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.fleetfusion.store.model.ClerkObjectKind;
import com.fleetfusion.store.model.ReconcileOptions;
import com.fleetfusion.store.model.ReconcileState;
import com.fleetfusion.store.model.ReconcileState.KindProgress;
import com.fleetfusion.store.model.ReconcileState.Preview;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The progress of one reconciliation run: its phase, what it listed (the keys, to find what Clerk no longer has) and
 * its counts, mirrored into {@code tenant_store_reconcile_objects_total{kind,result}}. Updated by the run's pipeline,
 * read by the state endpoint and the progress log.
 */
final class ReconcileRun {

    /** Ids a dry run reports per kind and finding. */
    static final int PREVIEW_IDS = 100;

    enum Phase {
        CHECKING_INSTANCE, LISTING_USERS, LISTING_ORGANIZATIONS, LISTING_MEMBERSHIPS, CONFIRMING, TOMBSTONING,
        COMPLETED, FAILED, REFUSED;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        static Phase listing(ClerkObjectKind kind) {
            return switch (kind) {
                case USERS -> LISTING_USERS;
                case ORGANIZATIONS -> LISTING_ORGANIZATIONS;
                case MEMBERSHIPS -> LISTING_MEMBERSHIPS;
            };
        }
    }

    /** What a dry run found for one kind and one finding: the count and the first ids. */
    private static final class Found {
        final AtomicLong count = new AtomicLong();
        final List<String> ids = new ArrayList<>();

        synchronized void add(String id) {
            count.incrementAndGet();
            if (ids.size() < PREVIEW_IDS) {
                ids.add(id);
            }
        }

        synchronized List<String> ids() {
            return List.copyOf(ids);
        }
    }

    /** Counts of one kind. */
    private static final class Tally {
        final AtomicLong scanned = new AtomicLong();
        final AtomicLong changed = new AtomicLong();
        final AtomicLong tombstoned = new AtomicLong();
        final AtomicLong restored = new AtomicLong();
        final AtomicLong unconfirmed = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        final Found create = new Found();
        final Found change = new Found();
        final Found tombstone = new Found();
        volatile Long total;
        volatile Long live;
        volatile Long budget;
        volatile boolean listed;
        final Set<String> seen = ConcurrentHashMap.newKeySet();
        final Map<String, Counter> counters = new LinkedHashMap<>();
    }

    private static final List<String> RESULTS = List.of("scanned", "changed", "tombstoned", "restored", "unconfirmed",
            "refused");

    private final String id = UUID.randomUUID().toString();
    private final String trigger;
    private final String replica;
    private final ReconcileOptions options;
    private final Instant startedAt;
    private final long startNanos = System.nanoTime();
    private final long tombstoneVersion;
    private final long requestsAtStart;
    private final Map<ClerkObjectKind, Tally> tallies = new EnumMap<>(ClerkObjectKind.class);
    private volatile Phase phase = Phase.CHECKING_INSTANCE;
    private volatile Instant finishedAt;
    private volatile long endNanos;
    private volatile long requestsAtEnd = -1;
    private volatile String error;
    private volatile String reason;
    private volatile String instanceId;

    ReconcileRun(String trigger, String replica, ReconcileOptions options, long startMillis, long requestsAtStart,
            MeterRegistry registry) {
        this.trigger = trigger;
        this.replica = replica;
        this.options = options;
        this.startedAt = Instant.ofEpochMilli(startMillis);
        this.tombstoneVersion = startMillis;
        this.requestsAtStart = requestsAtStart;
        for (ClerkObjectKind kind : ClerkObjectKind.values()) {
            Tally tally = new Tally();
            if (!options.dryRun()) {
                // a dry run changes nothing: its findings are in its state, not in the counters
                RESULTS.forEach(result -> tally.counters.put(result, counter(registry, kind, result)));
            }
            tallies.put(kind, tally);
        }
    }

    private static Counter counter(MeterRegistry registry, ClerkObjectKind kind, String result) {
        return Counter.builder("tenant_store.reconcile.objects")
                .description("Objects listed (scanned), rows changed, tombstoned and restored by reconciliation runs,"
                        + " absences left unconfirmed and deletions refused")
                .tag("kind", kind.label()).tag("result", result).register(registry);
    }

    String id() {
        return id;
    }

    boolean dryRun() {
        return options.dryRun();
    }

    Long allowDeletes() {
        return options.allowDeletes();
    }

    /** The run's start in epoch ms: the version of its tombstones, and the bound of what it may tombstone. */
    long tombstoneVersion() {
        return tombstoneVersion;
    }

    Phase phase() {
        return phase;
    }

    void phase(Phase phase) {
        this.phase = phase;
    }

    String instanceId() {
        return instanceId;
    }

    void instanceId(String instanceId) {
        this.instanceId = instanceId;
    }

    void total(ClerkObjectKind kind, Long total) {
        if (total != null) {
            tallies.get(kind).total = total;
        }
    }

    void listed(ClerkObjectKind kind) {
        tallies.get(kind).listed = true;
    }

    void seen(ClerkObjectKind kind, String key) {
        tallies.get(kind).seen.add(key);
    }

    boolean wasSeen(ClerkObjectKind kind, String key) {
        return tallies.get(kind).seen.contains(key);
    }

    void budget(ClerkObjectKind kind, long live, long budget) {
        Tally tally = tallies.get(kind);
        tally.live = live;
        tally.budget = budget;
    }

    void scanned(ClerkObjectKind kind, long n) {
        count(kind, "scanned", tallies.get(kind).scanned, n);
    }

    void changed(ClerkObjectKind kind, long n) {
        count(kind, "changed", tallies.get(kind).changed, n);
    }

    void tombstoned(ClerkObjectKind kind, long n) {
        count(kind, "tombstoned", tallies.get(kind).tombstoned, n);
    }

    void restored(ClerkObjectKind kind, long n) {
        count(kind, "restored", tallies.get(kind).restored, n);
    }

    void unconfirmed(ClerkObjectKind kind, long n) {
        count(kind, "unconfirmed", tallies.get(kind).unconfirmed, n);
    }

    void refused(ClerkObjectKind kind, long n) {
        count(kind, "refused", tallies.get(kind).refused, n);
    }

    private void count(ClerkObjectKind kind, String result, AtomicLong tally, long n) {
        tally.addAndGet(n);
        Counter counter = tallies.get(kind).counters.get(result);
        if (counter != null) {
            counter.increment(n);
        }
    }

    /** A dry run's findings. */
    void wouldCreate(ClerkObjectKind kind, String key) {
        tallies.get(kind).create.add(key);
    }

    void wouldChange(ClerkObjectKind kind, String key) {
        tallies.get(kind).change.add(key);
    }

    void wouldTombstone(ClerkObjectKind kind, String key) {
        tallies.get(kind).tombstone.add(key);
    }

    void finish(Throwable failure, long requestsNow) {
        requestsAtEnd = requestsNow;
        endNanos = System.nanoTime();
        finishedAt = Instant.now();
        if (failure == null) {
            phase = Phase.COMPLETED;
        } else if (failure instanceof ReconciliationRefusedException refusal) {
            reason = refusal.reason();
            error = refusal.getMessage();
            phase = Phase.REFUSED;
        } else {
            String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
            // a listing that did not complete tombstoned nothing: the tombstones come after all three listings
            error = phase.label() + ": " + message;
            phase = Phase.FAILED;
        }
    }

    boolean finished() {
        return finishedAt != null;
    }

    Duration elapsed() {
        return Duration.ofNanos((finishedAt != null ? endNanos : System.nanoTime()) - startNanos);
    }

    ReconcileState state(long requestsNow) {
        long requests = (requestsAtEnd >= 0 ? requestsAtEnd : requestsNow) - requestsAtStart;
        Map<String, KindProgress> kinds = new LinkedHashMap<>();
        long scanned = 0;
        long changed = 0;
        long tombstoned = 0;
        long restored = 0;
        long unconfirmed = 0;
        long refused = 0;
        for (Map.Entry<ClerkObjectKind, Tally> entry : tallies.entrySet()) {
            Tally tally = entry.getValue();
            Long total = tally.listed ? Long.valueOf(tally.scanned.get()) : tally.total;
            Preview preview = options.dryRun() ? new Preview(tally.create.count.get(), tally.change.count.get(),
                    tally.tombstone.count.get(), tally.create.ids(), tally.change.ids(), tally.tombstone.ids()) : null;
            kinds.put(entry.getKey().label(), new KindProgress(tally.scanned.get(), total, tally.changed.get(),
                    tally.tombstoned.get(), tally.restored.get(), tally.unconfirmed.get(), tally.refused.get(),
                    tally.live, tally.budget, preview));
            scanned += tally.scanned.get();
            changed += tally.changed.get();
            tombstoned += tally.tombstoned.get();
            restored += tally.restored.get();
            unconfirmed += tally.unconfirmed.get();
            refused += tally.refused.get();
        }
        Phase now = phase;
        return new ReconcileState(id, trigger, replica, now.label(), startedAt, finishedAt,
                elapsed().toMillis() / 1000.0, requests, scanned, changed, tombstoned, restored, unconfirmed, refused,
                percentage(now), kinds, tombstoneVersion, error, reason, options.dryRun(), options.allowDeletes(),
                instanceId);
    }

    private Double percentage(Phase now) {
        if (now == Phase.COMPLETED) {
            return 100.0;
        }
        for (ClerkObjectKind kind : ClerkObjectKind.values()) {
            if (Phase.listing(kind) == now) {
                Tally tally = tallies.get(kind);
                Long total = tally.total;
                if (total == null) {
                    return null;
                }
                return total == 0 ? 100.0 : Math.min(100.0, Math.round(1000.0 * tally.scanned.get() / total) / 10.0);
            }
        }
        return null;
    }

    /** The progress log line: the same figures as the state endpoint. */
    String progressLine(long requestsNow) {
        ReconcileState state = state(requestsNow);
        StringBuilder line = new StringBuilder("reconciliation ").append(id, 0, 8)
                .append(state.dryRun() ? " (dry run) " : " ").append(state.phase())
                .append(": scanned ").append(state.scanned()).append(", changed ").append(state.changed())
                .append(", tombstoned ").append(state.tombstoned()).append(", restored ").append(state.restored())
                .append(", unconfirmed ").append(state.unconfirmed()).append(", refused ").append(state.refused())
                .append(", requests ").append(state.requests());
        if (state.percentage() != null) {
            line.append(", ").append(state.percentage()).append('%');
        }
        line.append(", elapsed ").append(String.format(java.util.Locale.ROOT, "%.1f s", state.elapsedSeconds()));
        state.kinds().forEach((kind, progress) -> line.append(" | ").append(kind).append(' ')
                .append(progress.scanned()).append(progress.total() == null ? "" : "/" + progress.total()));
        if (state.reason() != null) {
            line.append(" | refused: ").append(state.reason());
        }
        if (state.error() != null) {
            line.append(" | ").append(state.phase().equals("refused") ? "" : "error: ").append(state.error());
        }
        return line.toString();
    }
}
