package com.fleetfusion.store.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A live membership as the organization's members see it, which is what Clerk's Frontend API shows a member: the
 * membership (role, permissions, its own public metadata, dates) and the member's {@code publicUserData}. Never the
 * user's own metadata. {@code details} (e-mail, last sign-in, banned) only for callers allowed to see them, else null.
 */
public record MemberView(String organizationId, String userId, String membershipId, String role,
        List<String> permissions, Map<String, Object> publicMetadata, PublicUserData publicUserData,
        Instant createdAt, Instant updatedAt, MemberDetails details) {

    /** Clerk's {@code public_user_data}: from the user's row when its event has arrived, else as the membership event carried it. */
    public record PublicUserData(String userId, String firstName, String lastName, String imageUrl,
            String identifier) {
    }

    /** What an organization admin also sees of a member. */
    public record MemberDetails(String primaryEmail, Instant lastSignInAt, Boolean banned) {
    }
}
