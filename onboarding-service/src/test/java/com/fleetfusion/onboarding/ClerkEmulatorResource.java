package com.fleetfusion.onboarding;

import java.util.Map;

import com.fleetfusion.testsupport.ClerkEmulatorProcess;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points the service at the packaged clerk-emulator running as a child process: session tokens verified through its
 * OIDC discovery and JWKS, Backend API calls over real HTTP with its secret key.
 */
public class ClerkEmulatorResource implements QuarkusTestResourceLifecycleManager {

    public static final String SPA_ORIGIN = "http://localhost:5173";

    @Override
    public Map<String, String> start() {
        ClerkEmulatorProcess emulator = ClerkEmulatorProcess.shared();
        return Map.of(
                "clerk.issuer", emulator.issuer(),
                "quarkus.rest-client.clerk-backend-api.url", emulator.baseUrl(),
                "clerk.secret-key", emulator.secretKey(),
                "clerk.authorized-parties", SPA_ORIGIN);
    }

    @Override
    public void stop() {
        // shared by the module's tests; stopped when the JVM exits
    }
}
