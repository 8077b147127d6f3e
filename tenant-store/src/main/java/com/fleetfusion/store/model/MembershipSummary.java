package com.fleetfusion.store.model;

import java.util.List;

/** One of the caller's live memberships ({@code GET /me}); organization name and slug when known. */
public record MembershipSummary(String organizationId, String organizationName, String organizationSlug,
        String membershipId, String role, List<String> permissions) {
}
