package com.fleetfusion.store.model;

import java.util.Locale;

/** What became of an event; stored in {@code processed_events.outcome} and counted in metrics. */
public enum Outcome {
    /** its change was written */
    APPLIED,
    /** a newer (or equal, deleting) version was already there: nothing written */
    STALE,
    /** an event type tenant-store does not keep */
    SKIPPED,
    /** its svix-id was processed before */
    DUPLICATE,
    /** could not be applied: sent to clerk.events.dlq */
    DEAD_LETTERED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
