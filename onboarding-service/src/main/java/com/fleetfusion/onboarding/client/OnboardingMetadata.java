package com.fleetfusion.onboarding.client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fleetfusion.onboarding.model.OnboardingRequest;

/**
 * The shapes of the metadata the saga writes to and reads from Clerk: the organization's public metadata (the
 * business details) and the four keys of the user's public metadata that say the user is onboarded.
 */
public final class OnboardingMetadata {

    static final String ONBOARDING_COMPLETE = "onboardingComplete";
    static final String ORGANIZATION_ID = "organizationId";
    static final String ORGANIZATION_SLUG = "organizationSlug";
    static final String ROLE = "role";
    private static final List<String> USER_KEYS = List.of(ONBOARDING_COMPLETE, ORGANIZATION_ID, ORGANIZATION_SLUG,
            ROLE);

    /** The organization a user's public metadata says they were onboarded into. */
    public record Onboarded(String organizationId, String slug) {
    }

    private OnboardingMetadata() {
    }

    /** The business details that go into the organization's public metadata (absent fields left out). */
    public static Map<String, Object> organizationMetadata(OnboardingRequest request) {
        Map<String, Object> details = new LinkedHashMap<>();
        putIfPresent(details, "legalName", request.legalName());
        putIfPresent(details, "usdotNumber", request.usdotNumber());
        putIfPresent(details, "fleetSize", request.fleetSize());
        putIfPresent(details, "contactPhone", request.contactPhone());
        if (request.address() != null) {
            Map<String, Object> address = new LinkedHashMap<>();
            putIfPresent(address, "line1", request.address().line1());
            putIfPresent(address, "line2", request.address().line2());
            putIfPresent(address, "city", request.address().city());
            putIfPresent(address, "region", request.address().region());
            putIfPresent(address, "postalCode", request.address().postalCode());
            putIfPresent(address, "country", request.address().country());
            details.put("address", address);
        }
        return details;
    }

    /** What the user's public metadata says once onboarded; merged by PATCH, so the user's other keys stay. */
    public static Map<String, Object> onboardedUser(String organizationId, String slug, String role) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put(ONBOARDING_COMPLETE, true);
        metadata.put(ORGANIZATION_ID, organizationId);
        metadata.put(ORGANIZATION_SLUG, slug);
        metadata.put(ROLE, role);
        return metadata;
    }

    /** The current values of the keys {@link #onboardedUser} overwrites (null for an absent key: PATCH removes it). */
    public static Map<String, Object> valuesToRestore(Map<String, Object> userPublicMetadata) {
        Map<String, Object> previous = new LinkedHashMap<>();
        USER_KEYS.forEach(key -> previous.put(key, userPublicMetadata.get(key)));
        return previous;
    }

    /** The organization the user is onboarded into, when their public metadata says onboarding is complete. */
    public static Optional<Onboarded> onboarded(Map<String, Object> userPublicMetadata) {
        if (Boolean.TRUE.equals(userPublicMetadata.get(ONBOARDING_COMPLETE))
                && userPublicMetadata.get(ORGANIZATION_ID) instanceof String organizationId) {
            Object slug = userPublicMetadata.get(ORGANIZATION_SLUG);
            return Optional.of(new Onboarded(organizationId, slug instanceof String s ? s : null));
        }
        return Optional.empty();
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
