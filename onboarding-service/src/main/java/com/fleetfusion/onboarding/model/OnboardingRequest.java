package com.fleetfusion.onboarding.model;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * The business form a newly signed-up user submits. Field names are the SPA's, so they are a public contract.
 * Only {@code organizationName} is required; every other detail is checked when present.
 */
public record OnboardingRequest(
        @NotBlank @Size(max = 256) @PlainText String organizationName,
        @Size(max = 60) @Pattern(regexp = Slugs.PATTERN, message = "must be lowercase letters, digits and single dashes")
        String slug,
        @Size(max = 256) @PlainText String legalName,
        @Pattern(regexp = "[0-9]{1,8}", message = "must be 1 to 8 digits") String usdotNumber,
        @Positive @Max(1_000_000) Integer fleetSize,
        @PhoneNumber String contactPhone,
        @Valid Address address) {
}
