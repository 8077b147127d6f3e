package com.fleetfusion.store.model;

/** What tenant-store keeps of a Clerk {@code Organization}; times in epoch ms, metadata as JSON text. */
public record OrganizationRow(String id, String name, String slug, String imageUrl, String createdBy,
        String publicMetadataJson, Integer maxAllowedMemberships, Long createdAt, Long updatedAt) {
}
