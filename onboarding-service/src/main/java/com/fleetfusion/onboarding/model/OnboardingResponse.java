package com.fleetfusion.onboarding.model;

/**
 * The 201 answer. {@code refreshSession} tells the SPA to reload the Clerk session so that the new
 * {@code metadata.onboardingComplete} and organization claims appear in its token.
 */
public record OnboardingResponse(String organizationId, String slug, String next, boolean refreshSession) {

    public static OnboardingResponse of(String organizationId, String slug, String userId) {
        return new OnboardingResponse(organizationId, slug, "/" + organizationId + "/dashboard/" + userId, true);
    }
}
