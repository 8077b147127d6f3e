package com.fleetfusion.settings;

import jakarta.inject.Singleton;

import org.flywaydb.core.api.configuration.FluentConfiguration;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.flyway.FlywayConfigurationCustomizer;

/**
 * The production check before the start-up migration: Flyway migrates before any start-up observer and would
 * otherwise connect (and retry) first. A bean only in a service built with {@code quarkus.flyway.migrate-at-start=true},
 * so that a service without Flyway never loads this class.
 */
@Singleton
@IfBuildProperty(name = "quarkus.flyway.migrate-at-start", stringValue = "true")
public class FlywayProductionSettingsCheck implements FlywayConfigurationCustomizer {

    private final ProductionSettingsCheck check;

    FlywayProductionSettingsCheck(ProductionSettingsCheck check) {
        this.check = check;
    }

    @Override
    public void customize(FluentConfiguration configuration) {
        check.check();
    }
}
