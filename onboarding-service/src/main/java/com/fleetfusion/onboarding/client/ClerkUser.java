package com.fleetfusion.onboarding.client;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Clerk's {@code User}, the fields the saga reads (never its private metadata). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClerkUser(
        String id,
        @JsonProperty("public_metadata") Map<String, Object> publicMetadata,
        @JsonProperty("updated_at") Long updatedAt) {

    public Map<String, Object> publicMetadataOrEmpty() {
        return publicMetadata == null ? Map.of() : publicMetadata;
    }
}
