package com.fleetfusion.onboarding.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Clerk's {@code DeletedObject}, the answer of a DELETE. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClerkDeletedObject(String object, String id, String slug, Boolean deleted) {
}
