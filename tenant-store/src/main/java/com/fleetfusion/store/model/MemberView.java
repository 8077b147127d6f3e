package com.fleetfusion.store.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A live membership with the member's user row ({@code user} is null while the user's own event has not arrived;
 * {@code publicUserData} is what the membership event carried about the user).
 */
public record MemberView(String organizationId, String userId, String membershipId, String role,
        List<String> permissions, Map<String, Object> publicMetadata, Map<String, Object> publicUserData,
        Instant createdAt, Instant updatedAt, UserView user) {
}
