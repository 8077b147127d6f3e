package com.fleetfusion.events;

/**
 * The record key of {@code clerk.events}: {@code data.id} of the Clerk object, and for a membership
 * {@code <organization id>:<user id>}. This class is the one Java place that builds or splits a membership key; SQL
 * that has to build the same text says so and is tested against {@link #membership}.
 */
public final class ClerkEventKey {

    /** Between the organization id and the user id of a membership key. Clerk ids never contain it. */
    public static final char SEPARATOR = ':';

    private ClerkEventKey() {
    }

    /** The key of the membership of {@code userId} in {@code organizationId}. */
    public static String membership(String organizationId, String userId) {
        return organizationId + SEPARATOR + userId;
    }

    /**
     * The key of an event of {@code type}: {@link #membership} for membership events, otherwise {@code dataId}; null
     * when an id it needs is missing.
     */
    public static String of(String type, String dataId, String organizationId, String userId) {
        if (ClerkEventTypes.isMembership(type)) {
            return organizationId == null || userId == null ? null : membership(organizationId, userId);
        }
        return dataId;
    }

    /** The organization id of a membership key. */
    public static String organizationIdOf(String membershipKey) {
        return membershipKey.substring(0, separatorOf(membershipKey));
    }

    /** The user id of a membership key. */
    public static String userIdOf(String membershipKey) {
        return membershipKey.substring(separatorOf(membershipKey) + 1);
    }

    private static int separatorOf(String membershipKey) {
        int at = membershipKey.indexOf(SEPARATOR);
        if (at < 0) {
            throw new IllegalArgumentException("not a membership key: no '" + SEPARATOR + "'");
        }
        return at;
    }
}
