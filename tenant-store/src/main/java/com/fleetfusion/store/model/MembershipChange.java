package com.fleetfusion.store.model;

import java.util.Objects;

import com.fleetfusion.events.ClerkEventKey;

/**
 * A membership upserted from its {@link MembershipRow} at a version, or deleted ({@code row == null}).
 * {@code generation} is the membership's {@code created_at} (epoch ms; null when the event did not carry it): a member
 * removed and added again is a new membership with a later one, and the pair's state is decided by the generation
 * first, then by the version.
 */
public record MembershipChange(String organizationId, String userId, long version, MembershipRow row,
        Long generation) implements TenantChange {

    public MembershipChange {
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(userId, "userId");
    }

    public static MembershipChange upsert(MembershipRow row, long version) {
        return new MembershipChange(row.organizationId(), row.userId(), version, row, row.createdAt());
    }

    /** The deletion of the membership of that generation (null: unknown, the version alone decides). */
    public static MembershipChange deletion(String organizationId, String userId, long version, Long generation) {
        return new MembershipChange(organizationId, userId, version, null, generation);
    }

    @Override
    public String key() {
        return ClerkEventKey.membership(organizationId, userId);
    }

    @Override
    public boolean deletion() {
        return row == null;
    }

    /** A later generation wins whatever the versions; within one (or when either is unknown) the version rule. */
    @Override
    public boolean supersedes(TenantChange other) {
        if (other instanceof MembershipChange membership && generation != null && membership.generation != null
                && !generation.equals(membership.generation)) {
            return generation > membership.generation;
        }
        return TenantChange.super.supersedes(other);
    }
}
