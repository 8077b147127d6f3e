package com.fleetfusion.emulator.service;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Typed reads of a Backend API request body; a wrong type is Clerk's 422 form_param_format_invalid. */
public record Body(ObjectNode json) {

    public static Body of(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return new Body(Metadata.empty());
        }
        if (!node.isObject()) {
            throw new ClerkException(422, "form_param_format_invalid", "is invalid",
                    "The request body must be a JSON object");
        }
        return new Body((ObjectNode) node);
    }

    public boolean has(String field) {
        JsonNode value = json.get(field);
        return value != null && !value.isNull();
    }

    public String text(String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ClerkException.paramFormatInvalid(field, field + " must be a string");
        }
        return value.asText();
    }

    public String requiredText(String field) {
        String value = text(field);
        if (value == null || value.isBlank()) {
            throw ClerkException.paramMissing(field);
        }
        return value;
    }

    public Integer integer(String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw ClerkException.paramFormatInvalid(field, field + " must be an integer");
        }
        return value.asInt();
    }

    public Boolean bool(String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            throw ClerkException.paramFormatInvalid(field, field + " must be a boolean");
        }
        return value.asBoolean();
    }

    /** An object field, or null when absent or null. */
    public ObjectNode object(String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw ClerkException.paramFormatInvalid(field, field + " must be an object");
        }
        return (ObjectNode) value;
    }

    /** A list of strings; a single string counts as a list of one (Clerk's form encoding allows both). */
    public List<String> texts(String field) {
        JsonNode value = json.get(field);
        List<String> out = new ArrayList<>();
        if (value == null || value.isNull()) {
            return out;
        }
        if (value.isTextual()) {
            out.add(value.asText());
            return out;
        }
        if (!value.isArray()) {
            throw ClerkException.paramFormatInvalid(field, field + " must be an array of strings");
        }
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw ClerkException.paramFormatInvalid(field, field + " must be an array of strings");
            }
            out.add(item.asText());
        }
        return out;
    }
}
