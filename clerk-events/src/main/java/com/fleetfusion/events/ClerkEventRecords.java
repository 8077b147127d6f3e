package com.fleetfusion.events;

/**
 * Names of the {@code clerk.events} record contract: topics, header names, event sources and dead-letter reasons.
 * Every producer and consumer of the topics uses these, so that a name exists once.
 */
public final class ClerkEventRecords {

    /** The topic of Clerk events, webhook-ingest's and onboarding-service's, read by tenant-store. */
    public static final String TOPIC = "clerk.events";
    /** Genuine deliveries and records that cannot be applied, with {@link #DEAD_LETTER_REASON}. */
    public static final String DEAD_LETTER_TOPIC = "clerk.events.dlq";

    /** The Svix message id; synthetic events carry a unique id of their own. */
    public static final String SVIX_ID = "svix-id";
    /** Svix's delivery time in Unix seconds. */
    public static final String SVIX_TIMESTAMP = "svix-timestamp";
    /** Svix's signature as received: provenance only, it no longer verifies once the value is redacted. */
    public static final String SVIX_SIGNATURE = "svix-signature";
    public static final String EVENT_TYPE = "clerk-event-type";
    /** When the producer took the event in, epoch ms. */
    public static final String INGESTED_AT = "ingested-at";
    /** {@link #SOURCE_CLERK} or {@link #SOURCE_ONBOARDING}. */
    public static final String EVENT_SOURCE = "event-source";
    /** The producer's signature of the record, see {@link EventSigner}. */
    public static final String EVENT_SIGNATURE = "event-signature";
    /** W3C trace context, when tracing is on. */
    public static final String TRACEPARENT = "traceparent";

    /** Why a record is on the dead-letter topic. */
    public static final String DEAD_LETTER_REASON = "dead-letter-reason";
    /** Where a dead letter came from (SmallRye's own dead-letter header names). */
    public static final String DEAD_LETTER_TOPIC_HEADER = "dead-letter-topic";
    public static final String DEAD_LETTER_PARTITION = "dead-letter-partition";
    public static final String DEAD_LETTER_OFFSET = "dead-letter-offset";

    public static final String SOURCE_CLERK = "clerk";
    public static final String SOURCE_ONBOARDING = "onboarding-service";

    /** Dead-letter reason: no valid {@code event-signature} under any configured key. */
    public static final String REASON_SIGNATURE = "signature";
    /** Dead-letter reason: the event's version is further ahead of the clock than {@code EVENTS_MAX_FUTURE}. */
    public static final String REASON_FUTURE_VERSION = "future-version";
    /** Dead-letter reason: a genuine delivery too large for a record; the dead letter only names it. */
    public static final String REASON_TOO_LARGE = "too-large";

    private ClerkEventRecords() {
    }
}
