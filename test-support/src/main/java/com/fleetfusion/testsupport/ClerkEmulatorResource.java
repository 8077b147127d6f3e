package com.fleetfusion.testsupport;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a {@code @QuarkusTest}'s Clerk Backend API calls at the JVM's shared packaged clerk-emulator
 * ({@link ClerkEmulatorProcess#shared()}, a child process): real HTTP with its secret key
 * ({@code quarkus.rest-client.clerk-backend-api.url}, {@code clerk.secret-key}). {@link WithSessions} also has the
 * service verify the emulator's session tokens. The init args are further settings of the test, e.g.
 * {@code initArgs = @ResourceArg(name = "tenant-store.admin-token", value = ...)}.
 */
public class ClerkEmulatorResource implements QuarkusTestResourceLifecycleManager {

    private Map<String, String> testSettings = Map.of();

    @Override
    public void init(Map<String, String> initArgs) {
        testSettings = Map.copyOf(initArgs);
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(settings(ClerkEmulatorProcess.shared()));
        config.putAll(testSettings);
        return config;
    }

    /** The settings that point the service at the running emulator. */
    protected Map<String, String> settings(ClerkEmulatorProcess emulator) {
        return Map.of(
                "quarkus.rest-client.clerk-backend-api.url", emulator.baseUrl(),
                "clerk.secret-key", emulator.secretKey());
    }

    @Override
    public void stop() {
        // shared by the module's tests; stopped when the JVM exits
    }

    /**
     * Also session tokens verified against the emulator, under the settings of a service that reads them as
     * {@code clerk.issuer} (OIDC discovery and JWKS at the emulator) and {@code clerk.authorized-parties} (the SPA
     * origin, the azp the emulator's tokens carry).
     */
    public static class WithSessions extends ClerkEmulatorResource {

        @Override
        protected Map<String, String> settings(ClerkEmulatorProcess emulator) {
            Map<String, String> settings = new HashMap<>(super.settings(emulator));
            settings.put("clerk.issuer", emulator.issuer());
            settings.put("clerk.authorized-parties", SessionTokens.AUTHORIZED_PARTY);
            return settings;
        }
    }
}
