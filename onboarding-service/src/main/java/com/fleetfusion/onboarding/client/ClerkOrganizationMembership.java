package com.fleetfusion.onboarding.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Clerk's {@code OrganizationMembership}: no top-level user or org id, they sit in the nested objects. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClerkOrganizationMembership(
        String id,
        String role,
        ClerkOrganization organization,
        @JsonProperty("public_user_data") PublicUserData publicUserData,
        @JsonProperty("created_at") Long createdAt,
        @JsonProperty("updated_at") Long updatedAt) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PublicUserData(@JsonProperty("user_id") String userId, String identifier) {
    }

    public String userId() {
        return publicUserData == null ? null : publicUserData.userId();
    }
}
