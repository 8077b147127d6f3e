package com.fleetfusion.store;

import java.util.Map;

import com.fleetfusion.testsupport.SessionTokens;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Configures the service as ops would, through CLERK_JWT_KEY (the PEM of the test key of {@link SessionTokens}),
 * CLERK_ISSUER and CLERK_AUTHORIZED_PARTIES: tokens are verified with no network, the issuer pinned and the SPA
 * origin the only authorized party.
 */
public class ClerkSessionResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of(
                "CLERK_JWT_KEY", SessionTokens.publicKeyPem(),
                "CLERK_ISSUER", SessionTokens.ISSUER,
                "CLERK_AUTHORIZED_PARTIES", SessionTokens.AUTHORIZED_PARTY);
    }

    @Override
    public void stop() {
    }
}
