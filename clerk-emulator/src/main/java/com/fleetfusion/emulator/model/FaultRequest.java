package com.fleetfusion.emulator.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** POST /__emulator/faults. */
public record FaultRequest(String operation, Integer status, @JsonProperty("hang_ms") Long hangMs, Integer count,
        @JsonProperty("retry_after_seconds") Long retryAfterSeconds) {
}
