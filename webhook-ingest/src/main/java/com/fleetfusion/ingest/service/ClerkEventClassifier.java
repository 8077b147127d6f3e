package com.fleetfusion.ingest.service;

import java.io.IOException;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fleetfusion.ingest.model.ClerkEventRoute;

/**
 * Decides the Kafka key of a verified body, or why it cannot have one. The key follows the Kafka contract:
 * {@code data.id}, and for memberships {@code data.organization.id + ":" + data.public_user_data.user_id}.
 */
@ApplicationScoped
public class ClerkEventClassifier {

    static final String MEMBERSHIP_PREFIX = "organizationMembership.";

    private final ObjectMapper objectMapper;

    public ClerkEventClassifier(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    public ClerkEventRoute classify(byte[] body) {
        JsonNode event;
        try {
            event = objectMapper.readTree(body);
        } catch (IOException e) {
            return new ClerkEventRoute.Unusable(null, "not_json");
        }
        if (event == null || !event.isObject()) {
            return new ClerkEventRoute.Unusable(null, "not_json_object");
        }
        String type = text(event.get("type"));
        if (type == null) {
            return new ClerkEventRoute.Unusable(null, "missing_type");
        }
        JsonNode data = event.get("data");
        String id = data == null ? null : text(data.get("id"));
        if (id == null) {
            return new ClerkEventRoute.Unusable(type, "missing_data_id");
        }
        if (!type.startsWith(MEMBERSHIP_PREFIX)) {
            return new ClerkEventRoute.Usable(type, id);
        }
        String organizationId = text(data.path("organization").get("id"));
        String userId = text(data.path("public_user_data").get("user_id"));
        if (organizationId == null || userId == null) {
            return new ClerkEventRoute.Unusable(type, "membership_without_ids");
        }
        return new ClerkEventRoute.Usable(type, organizationId + ":" + userId);
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }
}
