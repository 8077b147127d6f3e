package com.fleetfusion.store.model;

import java.time.Instant;
import java.util.Map;

/**
 * What {@code GET /admin/reconcile} answers: the current or last reconciliation run (phase {@code idle} if none ran
 * since start-up). Counts are objects; {@code percentage} is the current listing's progress when Clerk gave its total
 * (100 when completed, null otherwise); {@code tombstoneVersion} is the run's start (epoch ms), the version of the
 * tombstones it writes. {@code replica} is the one that ran it; {@code interrupted} is the phase of a run whose replica
 * stopped reporting before it finished (it died or lost the database for longer than the lease).
 */
public record ReconcileState(String id, String trigger, String replica, String phase, Instant startedAt,
        Instant finishedAt, double elapsedSeconds, long requests, long scanned, long changed, long tombstoned,
        Double percentage, Map<String, KindProgress> kinds, Long tombstoneVersion, String error) {

    /** One kind of object: listed so far, Clerk's total (null: not given), rows changed, rows tombstoned. */
    public record KindProgress(long scanned, Long total, long changed, long tombstoned) {
    }

    public boolean finished() {
        return "completed".equals(phase) || "failed".equals(phase);
    }

    /** The same run as reported by a replica that has not reported for longer than the lease: it stopped. */
    public ReconcileState interrupted(Instant lastReport) {
        return new ReconcileState(id, trigger, replica, "interrupted", startedAt, finishedAt, elapsedSeconds, requests,
                scanned, changed, tombstoned, percentage, kinds, tombstoneVersion,
                "replica " + replica + " stopped reporting at " + lastReport + " while " + phase);
    }

    public static ReconcileState idle() {
        return new ReconcileState(null, null, null, "idle", null, null, 0, 0, 0, 0, 0, null, Map.of(), null, null);
    }
}
