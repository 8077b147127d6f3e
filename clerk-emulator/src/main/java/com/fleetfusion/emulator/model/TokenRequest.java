package com.fleetfusion.emulator.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * POST /__emulator/tokens. {@code permissions} (custom org permissions such as "org:fleet:read", which Clerk puts in
 * the token; system permissions never are) is the emulator's addition to the contract table.
 */
public record TokenRequest(@JsonProperty("user_id") String userId,
        @JsonProperty("organization_id") String organizationId, String azp, Integer version,
        @JsonProperty("ttl_seconds") Integer ttlSeconds, String defect, List<String> permissions) {
}
