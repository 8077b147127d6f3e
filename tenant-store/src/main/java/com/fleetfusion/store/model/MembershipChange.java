package com.fleetfusion.store.model;

import java.util.Objects;

import com.fleetfusion.events.ClerkEventKey;

/** A membership upserted from its {@link MembershipRow} at a version, or deleted ({@code row == null}). */
public record MembershipChange(String organizationId, String userId, long version, MembershipRow row)
        implements TenantChange {

    public MembershipChange {
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(userId, "userId");
    }

    public static MembershipChange upsert(MembershipRow row, long version) {
        return new MembershipChange(row.organizationId(), row.userId(), version, row);
    }

    public static MembershipChange deletion(String organizationId, String userId, long version) {
        return new MembershipChange(organizationId, userId, version, null);
    }

    @Override
    public String key() {
        return ClerkEventKey.membership(organizationId, userId);
    }

    @Override
    public boolean deletion() {
        return row == null;
    }
}
