package com.fleetfusion.store.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What {@code GET /admin/reconcile} answers: the current or last reconciliation run (phase {@code idle} if none ran
 * since start-up). Counts are objects; {@code percentage} is the current listing's progress when Clerk gave its total
 * (100 when completed, null otherwise); {@code tombstoneVersion} is the run's start (epoch ms), the version of the
 * tombstones it writes. {@code replica} is the one that ran it; {@code interrupted} is the phase of a run whose replica
 * stopped reporting before it finished (it died or lost the database for longer than the lease). A {@code refused}
 * run deleted nothing: {@code reason} is {@code deletion-budget} or {@code instance-mismatch}, {@code error} says why
 * with the figures. {@code restored}: reconciliation tombstones of objects Clerk has after all, live again;
 * {@code unconfirmed}: rows Clerk did not list whose absence no direct read confirmed (left alone); {@code refused}:
 * the deletions a refused run did not make. {@code instanceId}: the Clerk instance of the secret key.
 */
public record ReconcileState(String id, String trigger, String replica, String phase, Instant startedAt,
        Instant finishedAt, double elapsedSeconds, long requests, long scanned, long changed, long tombstoned,
        long restored, long unconfirmed, long refused, Double percentage, Map<String, KindProgress> kinds,
        Long tombstoneVersion, String error, String reason, boolean dryRun, Long allowDeletes, String instanceId) {

    /**
     * One kind of object: listed so far, Clerk's total (null: not given), rows changed, tombstoned, restored, left
     * unconfirmed, deletions refused; the kind's live rows and the run's deletion budget for it (known once the
     * listings completed); what a dry run would do (null otherwise).
     */
    public record KindProgress(long scanned, Long total, long changed, long tombstoned, long restored,
            long unconfirmed, long refused, Long live, Long budget, Preview preview) {
    }

    /** A dry run's findings for one kind: counts, and the first 100 ids (memberships: {@code orgId:userId}). */
    public record Preview(long create, long change, long tombstone, List<String> createIds, List<String> changeIds,
            List<String> tombstoneIds) {
    }

    public boolean finished() {
        return "completed".equals(phase) || "failed".equals(phase) || "refused".equals(phase);
    }

    /** The same run as reported by a replica that has not reported for longer than the lease: it stopped. */
    public ReconcileState interrupted(Instant lastReport) {
        return new ReconcileState(id, trigger, replica, "interrupted", startedAt, finishedAt, elapsedSeconds, requests,
                scanned, changed, tombstoned, restored, unconfirmed, refused, percentage, kinds, tombstoneVersion,
                "replica " + replica + " stopped reporting at " + lastReport + " while " + phase, reason, dryRun,
                allowDeletes, instanceId);
    }

    public static ReconcileState idle() {
        return new ReconcileState(null, null, null, "idle", null, null, 0, 0, 0, 0, 0, 0, 0, 0, null, Map.of(), null,
                null, null, false, null, null);
    }
}
