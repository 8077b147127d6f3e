package com.fleetfusion.onboarding.service;

/**
 * The saga could not finish and left nothing behind (or the recovery job will clean up): 503 when Clerk or Kafka
 * was unavailable or too slow, 502 when Clerk refused a step. Either way the user may retry.
 */
public class OnboardingFailedException extends RuntimeException {

    private final int status;
    private final boolean compensated;

    public OnboardingFailedException(int status, boolean compensated, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.compensated = compensated;
    }

    public int status() {
        return status;
    }

    public boolean compensated() {
        return compensated;
    }
}
