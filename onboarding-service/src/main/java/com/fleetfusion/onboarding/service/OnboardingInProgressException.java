package com.fleetfusion.onboarding.service;

/** Another onboarding of the same user is still running when this request's deadline comes (409). */
public class OnboardingInProgressException extends RuntimeException {

    public OnboardingInProgressException() {
        super("another onboarding of this user is in progress");
    }
}
