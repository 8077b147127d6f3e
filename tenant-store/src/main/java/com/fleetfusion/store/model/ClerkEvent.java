package com.fleetfusion.store.model;

/**
 * A Clerk event ready to apply: its {@code svix-id} (null when the record had none), its type, the change it makes
 * ({@code null} for event types tenant-store does not keep, which are recorded as skipped), and the
 * {@code instance_id} of its envelope (null when absent: onboarding-service's synthetic events, reconciliation).
 */
public record ClerkEvent(String svixId, String type, TenantChange change, String instanceId) {

    public ClerkEvent(String svixId, String type, TenantChange change) {
        this(svixId, type, change, null);
    }
}
