package com.fleetfusion.onboarding.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code onboarding_registrations_completed_total}, {@code _failed_total} (nothing was created) and
 * {@code _compensated_total} (something was created and undone).
 */
@ApplicationScoped
public class OnboardingMetrics {

    private final Counter completed;
    private final Counter failed;
    private final Counter compensated;

    OnboardingMetrics(MeterRegistry registry) {
        completed = Counter.builder("onboarding.registrations.completed")
                .description("Onboardings that created an organization and completed the user").register(registry);
        failed = Counter.builder("onboarding.registrations.failed")
                .description("Onboardings that ended with nothing created").register(registry);
        compensated = Counter.builder("onboarding.registrations.compensated")
                .description("Onboardings whose organization was deleted and metadata restored").register(registry);
    }

    void completed() {
        completed.increment();
    }

    void failed() {
        failed.increment();
    }

    void compensated() {
        compensated.increment();
    }
}
