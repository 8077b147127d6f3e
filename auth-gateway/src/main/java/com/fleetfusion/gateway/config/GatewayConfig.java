package com.fleetfusion.gateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The route table and the upstream HTTP client. */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** Routes by name: {@code gateway.routes.<name>.path=/api/orgs/{orgId}/**} and so on. */
    Map<String, Route> routes();

    Upstream upstream();

    /**
     * Request header names (lower case) or prefixes ending in {@code *} that a client could use to claim an identity:
     * never forwarded; the upstream learns who calls from the bearer token only.
     */
    @WithDefault("x-user-*,x-org-*,x-forwarded-*,forwarded,x-auth-*,x-clerk-*,x-remote-*,remote-user,x-session-*,"
            + "x-tenant-*,x-identity-*,x-principal-*,x-email,x-permissions,x-role,x-roles,x-real-ip,x-client-ip")
    List<String> identityHeaders();

    interface Route {
        /** Path pattern: literal segments, {@code {name}} for one segment, a final {@code **} for the rest. */
        String path();

        @WithDefault("GET,HEAD,POST,PUT,PATCH,DELETE")
        List<String> methods();

        /** Upstream base URL, e.g. http://localhost:8083. */
        String upstream();

        /** Upstream path template, using the pattern's variables and {@code **}. */
        String upstreamPath();

        /** A permission the session must carry (e.g. org:dashboard:read). */
        Optional<String> requiredPermission();

        /** An organization role the session must have (e.g. org:admin). */
        Optional<String> requiredRole();

        /** False for the routes that must work before onboarding is complete. */
        @WithDefault("true")
        boolean onboardingRequired();
    }

    interface Upstream {
        @WithDefault("2s")
        Duration connectTimeout();

        /** No response data from the upstream within this time: 504. */
        @WithDefault("30s")
        Duration timeout();

        /** Pooled keep-alive connections per upstream host. */
        @WithDefault("64")
        int maxPoolSize();
    }
}
