package com.fleetfusion.onboarding.service;

/** Every slug tried was taken in Clerk (409); the user may pick another one. */
public class SlugUnavailableException extends RuntimeException {

    private final String slug;
    private final int attempts;

    public SlugUnavailableException(String slug, int attempts) {
        super("slug " + slug + " and its suffixed variants are taken");
        this.slug = slug;
        this.attempts = attempts;
    }

    public String slug() {
        return slug;
    }

    public int attempts() {
        return attempts;
    }
}
