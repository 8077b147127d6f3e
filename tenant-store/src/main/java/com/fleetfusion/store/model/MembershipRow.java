package com.fleetfusion.store.model;

import java.util.List;

/** What tenant-store keeps of a Clerk {@code OrganizationMembership}, keyed by organization and user. */
public record MembershipRow(String organizationId, String userId, String membershipId, String role,
        List<String> permissions, String publicMetadataJson, String publicUserDataJson, Long createdAt, Long updatedAt) {
}
