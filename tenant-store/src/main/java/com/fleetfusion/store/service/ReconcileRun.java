package com.fleetfusion.store.service;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.fleetfusion.store.model.ClerkObjectKind;
import com.fleetfusion.store.model.ReconcileState;
import com.fleetfusion.store.model.ReconcileState.KindProgress;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The progress of one reconciliation run: its phase, what it listed (the keys, to find what Clerk no longer has) and
 * its counts, mirrored into {@code tenant_store_reconcile_objects_total{kind,result}}. Updated by the run's pipeline,
 * read by the state endpoint and the progress log.
 */
final class ReconcileRun {

    enum Phase {
        LISTING_USERS, LISTING_ORGANIZATIONS, LISTING_MEMBERSHIPS, TOMBSTONING, COMPLETED, FAILED;

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

    /** Counts of one kind. */
    private static final class Tally {
        final AtomicLong scanned = new AtomicLong();
        final AtomicLong changed = new AtomicLong();
        final AtomicLong tombstoned = new AtomicLong();
        volatile Long total;
        volatile boolean listed;
        final Set<String> seen = ConcurrentHashMap.newKeySet();
        Counter scannedCounter;
        Counter changedCounter;
        Counter tombstonedCounter;
    }

    private final String id = UUID.randomUUID().toString();
    private final String trigger;
    private final String replica;
    private final Instant startedAt;
    private final long startNanos = System.nanoTime();
    private final long tombstoneVersion;
    private final long requestsAtStart;
    private final Map<ClerkObjectKind, Tally> tallies = new EnumMap<>(ClerkObjectKind.class);
    private volatile Phase phase = Phase.LISTING_USERS;
    private volatile Instant finishedAt;
    private volatile long endNanos;
    private volatile long requestsAtEnd = -1;
    private volatile String error;

    ReconcileRun(String trigger, String replica, long startMillis, long requestsAtStart, MeterRegistry registry) {
        this.trigger = trigger;
        this.replica = replica;
        this.startedAt = Instant.ofEpochMilli(startMillis);
        this.tombstoneVersion = startMillis;
        this.requestsAtStart = requestsAtStart;
        for (ClerkObjectKind kind : ClerkObjectKind.values()) {
            Tally tally = new Tally();
            tally.scannedCounter = counter(registry, kind, "scanned");
            tally.changedCounter = counter(registry, kind, "changed");
            tally.tombstonedCounter = counter(registry, kind, "tombstoned");
            tallies.put(kind, tally);
        }
    }

    private static Counter counter(MeterRegistry registry, ClerkObjectKind kind, String result) {
        return Counter.builder("tenant_store.reconcile.objects")
                .description("Objects listed (scanned), rows changed and rows tombstoned by reconciliation runs")
                .tag("kind", kind.label()).tag("result", result).register(registry);
    }

    String id() {
        return id;
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

    void scanned(ClerkObjectKind kind, long n) {
        Tally tally = tallies.get(kind);
        tally.scanned.addAndGet(n);
        tally.scannedCounter.increment(n);
    }

    void changed(ClerkObjectKind kind, long n) {
        Tally tally = tallies.get(kind);
        tally.changed.addAndGet(n);
        tally.changedCounter.increment(n);
    }

    void tombstoned(ClerkObjectKind kind, long n) {
        Tally tally = tallies.get(kind);
        tally.tombstoned.addAndGet(n);
        tally.tombstonedCounter.increment(n);
    }

    void finish(Throwable failure, long requestsNow) {
        requestsAtEnd = requestsNow;
        endNanos = System.nanoTime();
        finishedAt = Instant.now();
        if (failure == null) {
            phase = Phase.COMPLETED;
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
        for (Map.Entry<ClerkObjectKind, Tally> entry : tallies.entrySet()) {
            Tally tally = entry.getValue();
            Long total = tally.listed ? Long.valueOf(tally.scanned.get()) : tally.total;
            kinds.put(entry.getKey().label(), new KindProgress(tally.scanned.get(), total, tally.changed.get(),
                    tally.tombstoned.get()));
            scanned += tally.scanned.get();
            changed += tally.changed.get();
            tombstoned += tally.tombstoned.get();
        }
        Phase now = phase;
        return new ReconcileState(id, trigger, replica, now.label(), startedAt, finishedAt,
                elapsed().toMillis() / 1000.0, requests, scanned, changed, tombstoned, percentage(now), kinds,
                tombstoneVersion, error);
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
        StringBuilder line = new StringBuilder("reconciliation ").append(id, 0, 8).append(' ').append(state.phase())
                .append(": scanned ").append(state.scanned()).append(", changed ").append(state.changed())
                .append(", tombstoned ").append(state.tombstoned()).append(", requests ").append(state.requests());
        if (state.percentage() != null) {
            line.append(", ").append(state.percentage()).append('%');
        }
        line.append(", elapsed ").append(String.format(java.util.Locale.ROOT, "%.1f s", state.elapsedSeconds()));
        state.kinds().forEach((kind, progress) -> line.append(" | ").append(kind).append(' ')
                .append(progress.scanned()).append(progress.total() == null ? "" : "/" + progress.total()));
        if (state.error() != null) {
            line.append(" | error: ").append(state.error());
        }
        return line.toString();
    }
}
