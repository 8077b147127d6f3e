package com.fleetfusion.ingest.model;

/** How a verified delivery ended; every one of them is answered 2xx. */
public enum IngestOutcome {
    /** published to clerk.events and acknowledged by the brokers */
    ACCEPTED,
    /** its svix-id was published recently: not published again */
    DUPLICATE,
    /** genuine but unusable: published to clerk.events.dlq and acknowledged */
    DEAD_LETTERED;

    /** lower-case name: the metric tag and the {@code Ingest-Outcome} response header. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
