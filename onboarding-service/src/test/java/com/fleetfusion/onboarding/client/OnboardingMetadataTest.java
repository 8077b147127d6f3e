package com.fleetfusion.onboarding.client;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fleetfusion.onboarding.model.Address;
import com.fleetfusion.onboarding.model.OnboardingRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** The metadata shapes the saga writes to Clerk and reads back. */
class OnboardingMetadataTest {

    @Test
    void theOrganizationGetsTheBusinessDetailsWithAbsentFieldsLeftOut() {
        OnboardingRequest form = new OnboardingRequest("Acme", "acme", null, "1234567", 12, null,
                new Address("1 Main St", null, "Austin", "TX", null, "US"));

        assertThat(OnboardingMetadata.organizationMetadata(form)).isEqualTo(Map.of("usdotNumber", "1234567",
                "fleetSize", 12, "address", Map.of("line1", "1 Main St", "city", "Austin", "region", "TX",
                        "country", "US")));
        assertThat(OnboardingMetadata.organizationMetadata(new OnboardingRequest("Acme", null, null, null, null,
                null, null))).isEmpty();
    }

    @Test
    void theUserIsOnboardedByFourKeysWhosePreviousValuesAreKeptForTheUndo() {
        Map<String, Object> onboarded = OnboardingMetadata.onboardedUser("org_1", "acme", "org:admin");

        assertThat(onboarded).containsExactly(Map.entry("onboardingComplete", true),
                Map.entry("organizationId", "org_1"), Map.entry("organizationSlug", "acme"),
                Map.entry("role", "org:admin"));
        Map<String, Object> before = OnboardingMetadata.valuesToRestore(Map.of("role", "driver", "theme", "dark"));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("onboardingComplete", null);
        expected.put("organizationId", null);
        expected.put("organizationSlug", null);
        expected.put("role", "driver");
        assertThat(before).isEqualTo(expected);
    }

    @Test
    void onlyCompleteMetadataWithAnOrganizationSaysOnboarded() {
        assertThat(OnboardingMetadata.onboarded(OnboardingMetadata.onboardedUser("org_1", "acme", "org:admin")))
                .contains(new OnboardingMetadata.Onboarded("org_1", "acme"));
        assertThat(OnboardingMetadata.onboarded(Map.of("onboardingComplete", true))).isEmpty();
        assertThat(OnboardingMetadata.onboarded(Map.of("onboardingComplete", "true", "organizationId", "org_1")))
                .isEmpty();
    }
}
