package com.fleetfusion.gateway.service;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fleetfusion.session.SessionContext;

import static org.assertj.core.api.Assertions.assertThat;

class NavigationPolicyTest {

    private static final SessionContext ONBOARDED =
            new SessionContext("user_1", "sess_1", "org_1", "acme", "org:admin", List.of(), true, 1);
    private static final SessionContext NEW_USER =
            new SessionContext("user_2", "sess_2", null, null, null, List.of(), false, 2);

    @Test
    void signedOutGoesToSignIn() {
        assertThat(NavigationPolicy.redirect("/dashboard", Optional.empty())).contains("/sign-in");
        assertThat(NavigationPolicy.redirect("/org_1/dashboard/user_1", Optional.empty())).contains("/sign-in");
    }

    @Test
    void onboardingIncompleteGoesToOnboardingAndMayStayThere() {
        assertThat(NavigationPolicy.redirect("/", Optional.of(NEW_USER))).contains("/onboarding");
        assertThat(NavigationPolicy.redirect("/org_1/settings", Optional.of(NEW_USER))).contains("/onboarding");
        assertThat(NavigationPolicy.redirect("/onboarding", Optional.of(NEW_USER))).isEmpty();
    }

    @Test
    void onboardedGoesToOwnDashboardFromEntryPagesAndOtherOrganizations() {
        for (String page : List.of("/", "/onboarding", "/dashboard", "/org_other/dashboard/user_1", "/org_1")) {
            assertThat(NavigationPolicy.redirect(page, Optional.of(ONBOARDED))).as(page)
                    .contains("/org_1/dashboard/user_1");
        }
        assertThat(NavigationPolicy.redirect("/org_1/fleet/trucks", Optional.of(ONBOARDED))).isEmpty();
    }

    @Test
    void governsOnlyTheSpaPagesOfTheMiddleware() {
        assertThat(NavigationPolicy.governs("/")).isTrue();
        assertThat(NavigationPolicy.governs("/dashboard")).isTrue();
        assertThat(NavigationPolicy.governs("/org_abc123/x")).isTrue();
        assertThat(NavigationPolicy.governs("/sign-in")).isFalse();
        assertThat(NavigationPolicy.governs("/assets/app.js")).isFalse();
    }
}
