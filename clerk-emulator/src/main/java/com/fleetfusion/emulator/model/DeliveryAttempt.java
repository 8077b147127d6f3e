package com.fleetfusion.emulator.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One delivery attempt, as GET /__emulator/deliveries lists it. {@code status} is the endpoint's HTTP status, null when
 * it gave none (refused, timed out); {@code error} says why then.
 */
public record DeliveryAttempt(@JsonProperty("svix_id") String svixId, @JsonProperty("endpoint_id") String endpointId,
        String url, @JsonProperty("event_type") String eventType, int attempt, Integer status, boolean succeeded,
        String error, @JsonProperty("svix_timestamp") long svixTimestamp, long timestamp) {

    /** The contract table of DESIGN.md names the field after the header. */
    @JsonProperty("svix-id")
    public String svixIdHeader() {
        return svixId;
    }
}
