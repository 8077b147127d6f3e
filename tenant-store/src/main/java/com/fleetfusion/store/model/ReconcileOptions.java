package com.fleetfusion.store.model;

/**
 * How an operator asked for a run: {@code dryRun} reports what it would create, change and tombstone and writes
 * nothing; {@code allowDeletes} (null: the configured budget) is the number of rows of each kind the run may
 * tombstone, for that run only.
 */
public record ReconcileOptions(boolean dryRun, Long allowDeletes) {

    public static final ReconcileOptions SCHEDULED = new ReconcileOptions(false, null);
}
