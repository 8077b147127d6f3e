package com.fleetfusion.onboarding.service;

/** The request's overall deadline passed before the saga finished. */
public class DeadlineExceededException extends RuntimeException {

    public DeadlineExceededException() {
        super("onboarding deadline exceeded");
    }
}
