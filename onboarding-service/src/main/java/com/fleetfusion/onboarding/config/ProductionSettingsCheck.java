package com.fleetfusion.onboarding.config;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

import org.flywaydb.core.api.configuration.FluentConfiguration;

import com.fleetfusion.settings.ProductionSettings;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import io.quarkus.runtime.StartupEvent;

/**
 * Refuses to start the packaged onboarding-service with a missing or unsafe Clerk or database setting (docs/operations.md);
 * with QUARKUS_PROFILE=prod,local (a local run against the emulator) it only warns.
 * The Flyway migration at start-up runs before any start-up observer and would otherwise connect (and retry) first,
 * so the check also runs when Flyway is configured.
 */
@Singleton
public class ProductionSettingsCheck implements FlywayConfigurationCustomizer {

    @Override
    public void customize(FluentConfiguration configuration) {
        check();
    }

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        check();
    }

    private static void check() {
        ProductionSettings.fromConfig().clerkSessionsBackendApiAndDatabase().enforce("onboarding-service");
    }
}
