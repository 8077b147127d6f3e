package com.fleetfusion.onboarding.model;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Postal address of the fleet's business, as the SPA's onboarding form sends it. */
public record Address(
        @NotBlank @Size(max = 200) @PlainText String line1,
        @Size(max = 200) @PlainText String line2,
        @NotBlank @Size(max = 100) @PlainText String city,
        @Size(max = 100) @PlainText String region,
        @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9 -]{1,11}", message = "must be 2 to 12 letters, digits, spaces or dashes")
        String postalCode,
        @NotBlank @IsoCountry String country) {
}
