package com.fleetfusion.store.model;

/** What tenant-store keeps of a Clerk {@code User}; times in epoch ms, metadata as JSON text. Never private metadata. */
public record UserRow(String id, String primaryEmail, String firstName, String lastName, String username,
        String imageUrl, String publicMetadataJson, Long lastSignInAt, Boolean banned, Long createdAt, Long updatedAt) {
}
