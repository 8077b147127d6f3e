package com.fleetfusion.store.client;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** One page of a Backend API listing; {@code totalCount} is null where Clerk gives none (the users list). */
public record ClerkPage(List<JsonNode> data, Long totalCount) {
}
