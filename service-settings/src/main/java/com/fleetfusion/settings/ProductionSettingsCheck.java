package com.fleetfusion.settings;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

import io.quarkus.runtime.StartupEvent;

/**
 * Refuses to start a packaged service with a missing or unsafe setting among its {@code production-settings.rules}
 * (docs/operations.md); with QUARKUS_PROFILE=prod,local (a local run against the emulator) it only warns. Runs once,
 * at the first of: the start-up migration ({@link FlywayProductionSettingsCheck}) or the first start-up observer.
 */
@Singleton
public class ProductionSettingsCheck {

    private final ProductionSettingsConfig config;
    private final AtomicBoolean passed = new AtomicBoolean();

    ProductionSettingsCheck(ProductionSettingsConfig config) {
        this.config = config;
    }

    // first of the start-up observers: nothing serves before the settings are known to be safe
    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        check();
    }

    /** Applies the service's rules, unless they already passed; throws {@link UnsafeSettingsException} in production. */
    public void check() {
        if (passed.get()) {
            return;
        }
        ProductionSettings settings = ProductionSettings.fromConfig();
        config.rules().forEach(rule -> rule.applyTo(settings));
        settings.enforce(config.service());
        passed.set(true);
    }
}
