package com.fleetfusion.emulator.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** POST /__emulator/sign-ups: a user as Clerk's sign-up flow creates one. */
public record SignUpRequest(String email, @JsonProperty("first_name") String firstName,
        @JsonProperty("last_name") String lastName) {
}
