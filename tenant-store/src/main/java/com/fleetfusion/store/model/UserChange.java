package com.fleetfusion.store.model;

import java.util.Objects;

/** A user upserted from its {@link UserRow} at a version, or deleted ({@code row == null}). */
public record UserChange(String id, long version, UserRow row) implements TenantChange {

    public UserChange {
        Objects.requireNonNull(id, "id");
    }

    public static UserChange upsert(UserRow row, long version) {
        return new UserChange(row.id(), version, row);
    }

    public static UserChange deletion(String id, long version) {
        return new UserChange(id, version, null);
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
