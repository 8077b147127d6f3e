package com.fleetfusion.onboarding.service;

import java.time.Duration;

/** An attempt refused before any Clerk call: the user's attempts, or the replica's budget, are used up for now. */
public class OnboardingRateLimitedException extends RuntimeException {

    private final Duration retryAfter;
    private final boolean global;

    public OnboardingRateLimitedException(Duration retryAfter, boolean global) {
        super(global ? "onboarding budget used up" : "too many onboarding attempts", null, false, false);
        this.retryAfter = retryAfter;
        this.global = global;
    }

    /** Whole seconds, at least one: what {@code Retry-After} says. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }

    /** True when the replica-wide budget refused, false when the user's own attempts did. */
    public boolean global() {
        return global;
    }
}
