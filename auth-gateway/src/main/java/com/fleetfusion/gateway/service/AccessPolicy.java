package com.fleetfusion.gateway.service;

import com.fleetfusion.gateway.model.GatewayException;
import com.fleetfusion.problem.ProblemType;
import com.fleetfusion.session.SessionContext;
import com.fleetfusion.gateway.service.RouteTable.RouteMatch;

/**
 * What a verified session may reach: onboarding first where a route requires it, only its active organization (the
 * tenant) wherever the path names one, and the route's permission or role. Decided before any upstream is called.
 */
public final class AccessPolicy {

    /** The path variable that names a tenant. */
    public static final String ORG_VARIABLE = "orgId";

    private AccessPolicy() {
    }

    public static void authorize(RouteMatch match, SessionContext session) {
        RouteTable.CompiledRoute route = match.route();
        if (route.onboardingRequired() && !session.onboardingComplete()) {
            throw new GatewayException(ProblemType.ONBOARDING_REQUIRED, "complete onboarding first");
        }
        String orgId = match.variables().get(ORG_VARIABLE);
        if (orgId != null) {
            if (!session.hasActiveOrganization()) {
                throw new GatewayException(ProblemType.NO_ACTIVE_ORGANIZATION, "select an organization first");
            }
            if (!orgId.equals(session.orgId())) {
                throw new GatewayException(ProblemType.ORGANIZATION_MISMATCH,
                        "the path names an organization other than the session's active one");
            }
        }
        if (route.requiredRole().isPresent() && !route.requiredRole().get().equals(session.orgRole())) {
            throw new GatewayException(ProblemType.PERMISSION_DENIED, "role " + route.requiredRole().get() + " required");
        }
        if (route.requiredPermission().isPresent() && !session.permissions().contains(route.requiredPermission().get())) {
            throw new GatewayException(ProblemType.PERMISSION_DENIED,
                    "permission " + route.requiredPermission().get() + " required");
        }
    }
}
