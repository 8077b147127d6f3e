package com.fleetfusion.ingest.model;

/**
 * Where a verified delivery goes: {@link Usable} to {@code clerk.events} under its object key, {@link Unusable} to the
 * dead-letter topic with the reason.
 */
public sealed interface ClerkEventRoute {

    /** The Clerk event type when the body has one (a dead letter may still have it), else null. */
    String eventType();

    /** A Clerk event keyed by {@code data.id}, or {@code organization id:user id} for a membership. */
    record Usable(String eventType, String key) implements ClerkEventRoute {
    }

    /** A genuine body that is not a usable Clerk event; {@code reason} is snake_case (metric tag, header value). */
    record Unusable(String eventType, String reason) implements ClerkEventRoute {
    }
}
