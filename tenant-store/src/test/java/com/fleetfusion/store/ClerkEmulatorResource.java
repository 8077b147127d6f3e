package com.fleetfusion.store;

import java.util.Map;

import com.fleetfusion.testsupport.ClerkEmulatorProcess;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points reconciliation and the Clerk health check at the packaged clerk-emulator (a child process, webhooks off
 * unless a test registers an endpoint), and sets the operations credential.
 */
public class ClerkEmulatorResource implements QuarkusTestResourceLifecycleManager {

    public static final String ADMIN_TOKEN = "admin-token-for-tests-only";

    @Override
    public Map<String, String> start() {
        ClerkEmulatorProcess emulator = ClerkEmulatorProcess.shared();
        return Map.of(
                "quarkus.rest-client.clerk-backend-api.url", emulator.baseUrl(),
                "clerk.secret-key", emulator.secretKey(),
                "tenant-store.admin-token", ADMIN_TOKEN);
    }

    @Override
    public void stop() {
        // shared by the module's tests; stopped when the JVM exits
    }
}
