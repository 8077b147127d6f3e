package com.fleetfusion.store.model;

import java.util.Objects;

/** An organization upserted from its {@link OrganizationRow} at a version, or deleted ({@code row == null}). */
public record OrganizationChange(String id, long version, OrganizationRow row) implements TenantChange {

    public OrganizationChange {
        Objects.requireNonNull(id, "id");
    }

    public static OrganizationChange upsert(OrganizationRow row, long version) {
        return new OrganizationChange(row.id(), version, row);
    }

    public static OrganizationChange deletion(String id, long version) {
        return new OrganizationChange(id, version, null);
    }

    @Override
    public String key() {
        return id;
    }

    @Override
    public boolean deletion() {
        return row == null;
    }
}
