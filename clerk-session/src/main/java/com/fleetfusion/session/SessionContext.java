package com.fleetfusion.session;

import java.util.List;

/**
 * A verified Clerk session, the same whatever the token's claim version: who (user, session), which organization is
 * active (the tenant), with which role and permissions, and whether onboarding is complete.
 */
public record SessionContext(String userId, String sessionId, String orgId, String orgSlug, String orgRole,
        List<String> permissions, boolean onboardingComplete, int claimsVersion) {

    public SessionContext {
        permissions = permissions == null ? List.of() : List.copyOf(permissions);
    }

    public boolean hasActiveOrganization() {
        return orgId != null && !orgId.isEmpty();
    }

    /** Where the original middleware would send this user: onboarding until it is complete, then the dashboard. */
    public String next() {
        if (!onboardingComplete || !hasActiveOrganization()) {
            return "/onboarding";
        }
        return "/" + orgId + "/dashboard/" + userId;
    }
}
