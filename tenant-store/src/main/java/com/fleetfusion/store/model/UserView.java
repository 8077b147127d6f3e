package com.fleetfusion.store.model;

import java.time.Instant;
import java.util.Map;

/** A live user as the lookups return it. */
public record UserView(String id, String primaryEmail, String firstName, String lastName, String username,
        String imageUrl, Map<String, Object> publicMetadata, Instant lastSignInAt, Boolean banned, Instant createdAt,
        Instant updatedAt) {
}
