package com.fleetfusion.gateway.service;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fleetfusion.gateway.config.GatewayConfig;
import com.fleetfusion.gateway.model.GatewayException;
import com.fleetfusion.problem.ProblemType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouteTableTest {

    private static GatewayConfig.Route route(String path, String upstreamPath, String... methods) {
        return new GatewayConfig.Route() {
            public String path() { return path; }
            public List<String> methods() { return methods.length == 0 ? List.of("GET", "POST") : List.of(methods); }
            public String upstream() { return "http://store:8083/"; }
            public String upstreamPath() { return upstreamPath; }
            public Optional<String> requiredPermission() { return Optional.empty(); }
            public Optional<String> requiredRole() { return Optional.empty(); }
            public boolean onboardingRequired() { return true; }
        };
    }

    private static RouteTable table(Map<String, GatewayConfig.Route> routes) {
        return new RouteTable(new GatewayConfig() {
            public Map<String, Route> routes() { return routes; }
            public Upstream upstream() { return null; }
            public List<String> identityHeaders() { return List.of(); }
        });
    }

    private final RouteTable table = table(Map.of(
            "orgs", route("/api/orgs/{orgId}/**", "/orgs/{orgId}/**"),
            "members", route("/api/orgs/{orgId}/members", "/members/{orgId}", "GET"),
            "me", route("/api/me", "/me", "GET")));

    @Test
    void organizationPathKeepsItsRestUpstream() {
        var match = table.match("GET", "/api/orgs/org_1/users/user_2").orElseThrow();

        assertThat(match.route().name()).isEqualTo("orgs");
        assertThat(match.variables()).containsEntry("orgId", "org_1");
        assertThat(match.upstreamPath()).isEqualTo("/orgs/org_1/users/user_2");
        assertThat(match.route().upstream()).isEqualTo("http://store:8083");
    }

    @Test
    void restMayBeEmpty() {
        assertThat(table.match("GET", "/api/orgs/org_1").orElseThrow().upstreamPath()).isEqualTo("/orgs/org_1");
    }

    @Test
    void moreLiteralRouteWins() {
        assertThat(table.match("GET", "/api/orgs/org_1/members").orElseThrow().route().name()).isEqualTo("members");
    }

    @Test
    void unknownPathHasNoRoute() {
        assertThat(table.match("GET", "/api/nothing")).isEmpty();
        assertThat(table.match("GET", "/api/me/more")).isEmpty();
        assertThat(table.match("GET", "/api/orgs")).isEmpty();
    }

    @Test
    void knownPathWithOtherMethodIsMethodNotAllowed() {
        assertThatThrownBy(() -> table.match("DELETE", "/api/me"))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.type()).isEqualTo(ProblemType.METHOD_NOT_ALLOWED));
    }
}
