package com.fleetfusion.store.model;

import java.time.Instant;
import java.util.Map;

/** A live organization as the lookups return it. */
public record OrganizationView(String id, String name, String slug, String imageUrl, String createdBy,
        Map<String, Object> publicMetadata, Integer maxAllowedMemberships, Instant createdAt, Instant updatedAt) {
}
