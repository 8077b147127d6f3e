package com.fleetfusion.gateway.service;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fleetfusion.session.SessionContext;
import com.fleetfusion.gateway.model.SessionView;

/**
 * The original {@code middleware.ts} for browser navigations: signed-out users go to sign-in, users who have not
 * finished onboarding go to onboarding, the others to their own organization's dashboard, including when they open
 * another organization's pages.
 */
public final class NavigationPolicy {

    /** Clerk organization ids: the first segment of an organization's pages. */
    private static final Pattern ORG_ID = Pattern.compile("org_[A-Za-z0-9]+");

    private NavigationPolicy() {
    }

    /** Whether the gateway decides this page: {@code /}, {@code /onboarding}, {@code /dashboard}, {@code /{orgId}/**}. */
    public static boolean governs(String path) {
        List<String> segments = RouteTable.segments(path);
        if (segments.isEmpty()) {
            return true;
        }
        String first = segments.get(0);
        return (segments.size() == 1 && (first.equals("onboarding") || first.equals("dashboard")))
                || ORG_ID.matcher(first).matches();
    }

    /** Where to redirect, or empty when the page may be shown. */
    public static Optional<String> redirect(String path, Optional<SessionContext> session) {
        if (session.isEmpty()) {
            return Optional.of(SessionView.SIGN_IN);
        }
        SessionContext s = session.get();
        List<String> segments = RouteTable.segments(path);
        String first = segments.isEmpty() ? "" : segments.get(0);
        if (!s.onboardingComplete() || !s.hasActiveOrganization()) {
            return first.equals("onboarding") ? Optional.empty() : Optional.of("/onboarding");
        }
        if (first.equals(s.orgId()) && segments.size() > 1) {
            return Optional.empty();
        }
        return Optional.of(s.next());
    }
}
