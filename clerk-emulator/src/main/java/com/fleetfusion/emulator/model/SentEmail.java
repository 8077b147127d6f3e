package com.fleetfusion.emulator.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** An e-mail the emulator "sent" (GET /__emulator/emails): Clerk's verification and password reset codes. */
public record SentEmail(String id, @JsonProperty("to_email_address") String toEmailAddress, String subject,
        String body, String code, String purpose, @JsonProperty("created_at") long createdAt) {
}
