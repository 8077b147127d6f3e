package com.fleetfusion.store.model;

/** The three kinds of Clerk objects kept in the tenant tables, by their webhook object type and table. */
public enum ClerkObjectKind {
    USERS("user", "users"),
    ORGANIZATIONS("organization", "organizations"),
    MEMBERSHIPS("organizationMembership", "organization_memberships");

    private final String objectType;
    private final String table;

    ClerkObjectKind(String objectType, String table) {
        this.objectType = objectType;
        this.table = table;
    }

    /** The prefix of its webhook event types ({@code user.updated}, ...). */
    public String objectType() {
        return objectType;
    }

    public String table() {
        return table;
    }

    /** Lower case, for metric tags, logs and JSON ({@code users}, {@code organizations}, {@code memberships}). */
    public String label() {
        return this == MEMBERSHIPS ? "memberships" : table;
    }
}
