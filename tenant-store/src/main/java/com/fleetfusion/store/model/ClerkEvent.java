package com.fleetfusion.store.model;

/**
 * A Clerk event ready to apply: its {@code svix-id} (null when the record had none), its type, and the change it
 * makes ({@code null} for event types tenant-store does not keep, which are recorded as skipped).
 */
public record ClerkEvent(String svixId, String type, TenantChange change) {
}
