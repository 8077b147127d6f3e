package com.fleetfusion.gateway.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fleetfusion.session.SessionContext;

/** The answer of GET /api/session (DESIGN.md "The SPA's question"). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SessionView(boolean signedIn, String userId, String sessionId, String orgId, String orgSlug,
        String orgRole, List<String> permissions, Boolean onboardingComplete, String next) {

    public static final String SIGN_IN = "/sign-in";

    public static SessionView signedOut() {
        return new SessionView(false, null, null, null, null, null, null, null, SIGN_IN);
    }

    public static SessionView of(SessionContext session) {
        return new SessionView(true, session.userId(), session.sessionId(), session.orgId(), session.orgSlug(),
                session.orgRole(), session.permissions(), session.onboardingComplete(), session.next());
    }
}
