package com.fleetfusion.session;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

class SessionClaimsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void v1ExampleOfFactsGivesTheSessionContext() throws Exception {
        SessionContext session = SessionClaims.toContext(json("""
                { "azp":"https://app.example.com", "exp":1713158460, "fva":[7,-1], "iat":1713158400,
                  "iss":"https://clerk.example.com", "nbf":1713158395, "sid":"sess_123", "sub":"user_123",
                  "org_id":"org_123", "org_role":"org:admin", "org_slug":"acme",
                  "org_permissions":["org:dashboard:read","org:dashboard:manage"],
                  "metadata":{"onboardingComplete":true} }"""));

        assertThat(session).isEqualTo(new SessionContext("user_123", "sess_123", "org_123", "acme", "org:admin",
                java.util.List.of("org:dashboard:read", "org:dashboard:manage"), true, 1));
        assertThat(session.next()).isEqualTo("/org_123/dashboard/user_123");
    }

    @Test
    void v2ExampleOfFactsDecodesRoleAndPermissions() throws Exception {
        SessionContext session = SessionClaims.toContext(json("""
                { "azp":"https://app.example.com", "exp":1713158460, "fva":[7,-1], "iat":1713158400,
                  "iss":"https://clerk.example.com", "jti":"a1b2c3", "nbf":1713158395, "sid":"sess_123", "sub":"user_123",
                  "v":2, "pla":"o:pro", "fea":"o:dashboard,o:teams", "sts":"active",
                  "o":{"id":"org_123","slg":"acme","rol":"admin","per":"manage,read","fpm":"3,2"},
                  "metadata":{"onboardingComplete":true} }"""));

        assertThat(session.orgId()).isEqualTo("org_123");
        assertThat(session.orgSlug()).isEqualTo("acme");
        assertThat(session.orgRole()).isEqualTo("org:admin");
        assertThat(session.permissions())
                .containsExactly("org:dashboard:manage", "org:dashboard:read", "org:teams:read");
        assertThat(session.claimsVersion()).isEqualTo(2);
        assertThat(session.onboardingComplete()).isTrue();
    }

    @Test
    void v2PairsMasksWithOrgFeaturesOnlyAsClerksJavaScriptDoes() {
        // u:billing is a user feature: the two masks belong to dashboard and teams, in that order
        assertThat(SessionClaims.v2Permissions("u:billing,o:dashboard,uo:teams", "manage,read", "1,2"))
                .containsExactly("org:dashboard:manage", "org:teams:read");
    }

    @Test
    void v2WithoutActiveOrganizationHasNoTenant() throws Exception {
        SessionContext session = SessionClaims.toContext(json("""
                {"sub":"user_9","sid":"sess_9","v":2,"sts":"active"}"""));

        assertThat(session.hasActiveOrganization()).isFalse();
        assertThat(session.permissions()).isEmpty();
        assertThat(session.onboardingComplete()).isFalse();
        assertThat(session.next()).isEqualTo("/onboarding");
    }

    @Test
    void v2MissingMasksOrBitsBeyondThePermissionsGrantNothingMore() {
        assertThat(SessionClaims.v2Permissions("o:a,o:b", "read", "1")).containsExactly("org:a:read");
        assertThat(SessionClaims.v2Permissions("o:a", "read", "7")).containsExactly("org:a:read");
        assertThat(SessionClaims.v2Permissions("o:a", "read", "x")).isEmpty();
        assertThat(SessionClaims.v2Permissions(null, "read", "1")).isEmpty();
    }

    @Test
    void onboardingIncompleteUntilTheMetadataFlagIsTrue() throws Exception {
        assertThat(SessionClaims.toContext(json("{\"sub\":\"u\",\"metadata\":{}}")).onboardingComplete()).isFalse();
        assertThat(SessionClaims.toContext(json("{\"sub\":\"u\",\"metadata\":{\"onboardingComplete\":false}}"))
                .onboardingComplete()).isFalse();
        assertThat(SessionClaims.toContext(json("{\"sub\":\"u\"}")).onboardingComplete()).isFalse();
    }
}
