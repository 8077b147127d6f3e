package com.fleetfusion.store.model;

/**
 * One change to one tenant row, as decided by a Clerk event (or built by reconciliation): an upsert of the object
 * at its version, or a deletion at the deletion's version. Versions are epoch milliseconds.
 */
public sealed interface TenantChange permits UserChange, OrganizationChange, MembershipChange {

    /** The row's identity: user id, organization id, or {@code orgId:userId}. */
    String key();

    long version();

    boolean deletion();

    /** Last-writer-wins: a newer version wins, and on a tie a deletion beats an upsert. */
    default boolean supersedes(TenantChange other) {
        return version() > other.version() || version() == other.version() && deletion() && !other.deletion();
    }
}
