package com.fleetfusion.session;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while Clerk's signing keys are loaded and the JWKS reads have not failed
 * {@code clerk.jwks-failures-before-unready} times in a row (the last good keys still verify meanwhile, but keys
 * rotated at Clerk would not be seen).
 */
@Readiness
@ApplicationScoped
public class ClerkKeysReadiness implements HealthCheck {

    static final String NAME = "Clerk signing keys";

    private final ClerkKeys keys;
    private final ClerkSessionConfig config;

    ClerkKeysReadiness(ClerkKeys keys, ClerkSessionConfig config) {
        this.keys = keys;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        // a probe while no key was ever read asks for one (at most once a second), so readiness follows Clerk's
        // return without waiting for the periodic read
        keys.ensureLoaded().subscribe().with(ignored -> {
        });
        return HealthCheckResponse.named(NAME).status(keys.healthy()).withData("source", keys.source())
                .withData("issuer", config.issuer()).withData("consecutiveFailures", keys.consecutiveFailures())
                .build();
    }
}
