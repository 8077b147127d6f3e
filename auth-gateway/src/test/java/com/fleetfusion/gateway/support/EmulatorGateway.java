package com.fleetfusion.gateway.support;

import java.util.Map;

import com.fleetfusion.testsupport.ClerkEmulatorProcess;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** The gateway in front of the real clerk-emulator: keys by OIDC discovery at the emulator's issuer. */
public class EmulatorGateway implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        ClerkEmulatorProcess emulator = ClerkEmulatorProcess.shared();
        String upstream = EchoUpstream.shared().baseUrl();
        return Map.of(
                "clerk.issuer", emulator.issuer(),
                "gateway.routes.me.upstream", upstream,
                "gateway.routes.orgs.upstream", upstream,
                "gateway.routes.onboarding.upstream", upstream);
    }

    @Override
    public void stop() {
        // the shared emulator stops with the JVM
    }
}
