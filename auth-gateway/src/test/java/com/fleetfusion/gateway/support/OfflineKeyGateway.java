package com.fleetfusion.gateway.support;

import java.util.HashMap;
import java.util.Map;

import com.fleetfusion.testsupport.FreePorts;
import com.fleetfusion.testsupport.SessionTokens;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The gateway verifying with a PEM key (CLERK_JWT_KEY: no network), the test key of {@link SessionTokens}, in front of a
 * real {@link EchoUpstream}; plus routes for the tests: a permission route, a role route, a hanging upstream and a
 * closed port.
 */
public class OfflineKeyGateway implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String upstream = EchoUpstream.shared().baseUrl();
        Map<String, String> config = new HashMap<>();
        config.put("clerk.jwt-key", SessionTokens.publicKeyPem());
        config.put("clerk.issuer", SessionTokens.ISSUER);
        config.put("gateway.routes.onboarding.upstream", upstream);
        config.put("gateway.routes.orgs.upstream", upstream);
        config.put("gateway.routes.me.upstream", upstream);
        config.put("gateway.routes.reports.path", "/api/orgs/{orgId}/reports/**");
        config.put("gateway.routes.reports.upstream", upstream);
        config.put("gateway.routes.reports.upstream-path", "/orgs/{orgId}/reports/**");
        config.put("gateway.routes.reports.required-permission", "org:reports:read");
        config.put("gateway.routes.admin.path", "/api/orgs/{orgId}/admin/**");
        config.put("gateway.routes.admin.upstream", upstream);
        config.put("gateway.routes.admin.upstream-path", "/orgs/{orgId}/admin/**");
        config.put("gateway.routes.admin.required-role", "org:admin");
        config.put("gateway.routes.slow.path", "/api/slow");
        config.put("gateway.routes.slow.upstream", upstream);
        config.put("gateway.routes.slow.upstream-path", "/slow");
        config.put("gateway.routes.down.path", "/api/down");
        config.put("gateway.routes.down.upstream", "http://127.0.0.1:" + FreePorts.next());
        config.put("gateway.routes.down.upstream-path", "/down");
        config.put("gateway.upstream.timeout", "1s");
        return config;
    }

    @Override
    public void stop() {
        // the echo upstream is shared by the test classes of this JVM
    }
}
