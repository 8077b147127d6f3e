package com.fleetfusion.gateway.config;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import com.fleetfusion.settings.ProductionSettings;

import io.quarkus.runtime.StartupEvent;

/**
 * Refuses to start the packaged gateway with a missing or unsafe Clerk setting (docs/operations.md);
 * with QUARKUS_PROFILE=prod,local (a local run against the emulator) it only warns.
 */
@ApplicationScoped
public class ProductionSettingsCheck {

    // first of the start-up observers: nothing serves before the settings are known to be safe
    void check(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        ProductionSettings.fromConfig().clerkIssuer().authorizedParties().enforce("auth-gateway");
    }
}
