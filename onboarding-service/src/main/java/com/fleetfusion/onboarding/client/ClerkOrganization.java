package com.fleetfusion.onboarding.client;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Clerk's {@code Organization}, the fields the saga reads. Of {@code private_metadata} only the saga's own marker
 * is read, so nothing else of it ever sits in a Java object that could be logged.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClerkOrganization(
        String id,
        String name,
        String slug,
        @JsonProperty("created_by") String createdBy,
        @JsonProperty("public_metadata") Map<String, Object> publicMetadata,
        @JsonProperty("private_metadata") SagaMarker sagaMarker,
        @JsonProperty("created_at") Long createdAt,
        @JsonProperty("updated_at") Long updatedAt) {

    /** The key the saga writes into the organization's private metadata to recognise it later. */
    public static final String SAGA_MARKER_KEY = "onboarding_saga_id";

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SagaMarker(@JsonProperty(SAGA_MARKER_KEY) String sagaId) {
    }

    public boolean createdBySaga(String userId, String sagaId) {
        return userId.equals(createdBy) && sagaMarker != null && sagaId.equals(sagaMarker.sagaId());
    }
}
