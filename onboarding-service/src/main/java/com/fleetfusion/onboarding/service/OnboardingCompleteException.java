package com.fleetfusion.onboarding.service;

/** The user has finished onboarding already (409): the answer names their organization. */
public class OnboardingCompleteException extends RuntimeException {

    private final String organizationId;
    private final String slug;

    public OnboardingCompleteException(String organizationId, String slug) {
        super("onboarding already complete");
        this.organizationId = organizationId;
        this.slug = slug;
    }

    public String organizationId() {
        return organizationId;
    }

    public String slug() {
        return slug;
    }
}
