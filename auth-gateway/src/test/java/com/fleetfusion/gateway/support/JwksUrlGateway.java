package com.fleetfusion.gateway.support;

import java.util.Map;

import com.fleetfusion.testsupport.JwksServer;
import com.fleetfusion.testsupport.SessionTokens;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The gateway with CLERK_JWKS_URL pointing at a {@link JwksServer} that is not running yet; unknown-kid refetches at
 * most every 10 s (so a test can wait for one), refusals remembered for 10 min (so a transient refusal wrongly
 * remembered would show).
 */
public class JwksUrlGateway implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of(
                "clerk.jwks-url", JwksServer.shared().jwksUrl(),
                "clerk.issuer", SessionTokens.ISSUER,
                "clerk.connection-timeout", "2s",
                "clerk.unknown-kid-refetch-interval", "10s",
                "clerk.refused-tokens.ttl", "10m",
                "gateway.routes.me.upstream", EchoUpstream.shared().baseUrl());
    }

    @Override
    public void stop() {
        // the JWKS server lives as long as the test JVM
    }
}
