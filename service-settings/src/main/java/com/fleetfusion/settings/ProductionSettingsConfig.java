package com.fleetfusion.settings;

import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Which of the production rules a service applies at start-up, set in the service's application.properties. */
@ConfigMapping(prefix = "production-settings")
public interface ProductionSettingsConfig {

    /** The rules, e.g. {@code clerk-issuer,authorized-parties}; a service lists those its settings need. */
    List<ProductionSettings.Rule> rules();

    /** The name the refusal gives the service. */
    @WithDefault("${quarkus.application.name}")
    String service();
}
