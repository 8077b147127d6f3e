package com.fleetfusion.events;

import java.util.List;

/**
 * The Clerk event types the suite keeps (users, organizations, memberships; created, updated, deleted). Other types
 * travel on {@code clerk.events} too and are skipped by tenant-store.
 */
public final class ClerkEventTypes {

    public static final String USER_CREATED = "user.created";
    public static final String USER_UPDATED = "user.updated";
    public static final String USER_DELETED = "user.deleted";
    public static final String ORGANIZATION_CREATED = "organization.created";
    public static final String ORGANIZATION_UPDATED = "organization.updated";
    public static final String ORGANIZATION_DELETED = "organization.deleted";
    public static final String MEMBERSHIP_CREATED = "organizationMembership.created";
    public static final String MEMBERSHIP_UPDATED = "organizationMembership.updated";
    public static final String MEMBERSHIP_DELETED = "organizationMembership.deleted";

    /** Object types (the part before the dot) whose events are kept. */
    public static final String USER = "user";
    public static final String ORGANIZATION = "organization";
    public static final String MEMBERSHIP = "organizationMembership";

    public static final List<String> KEPT = List.of(USER_CREATED, USER_UPDATED, USER_DELETED, ORGANIZATION_CREATED,
            ORGANIZATION_UPDATED, ORGANIZATION_DELETED, MEMBERSHIP_CREATED, MEMBERSHIP_UPDATED, MEMBERSHIP_DELETED);

    private static final String MEMBERSHIP_PREFIX = MEMBERSHIP + ".";

    private ClerkEventTypes() {
    }

    /** Whether events of {@code type} are keyed by organization and user ({@link ClerkEventKey#membership}). */
    public static boolean isMembership(String type) {
        return type != null && type.startsWith(MEMBERSHIP_PREFIX);
    }

    public static boolean isKept(String type) {
        return KEPT.contains(type);
    }
}
