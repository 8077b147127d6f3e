package com.fleetfusion.emulator.service;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Clerk's metadata semantics: PATCH deep-merges and a null removes a key; PUT replaces a field whole. */
public final class Metadata {

    private Metadata() {
    }

    public static ObjectNode empty() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** A new object: {@code base} with {@code patch} deep-merged into it, null values removing their key. */
    public static ObjectNode deepMerge(ObjectNode base, ObjectNode patch) {
        ObjectNode merged = base == null ? empty() : base.deepCopy();
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            JsonNode existing = merged.get(field.getKey());
            if (value == null || value.isNull()) {
                merged.remove(field.getKey());
            } else if (value.isObject() && existing != null && existing.isObject()) {
                merged.set(field.getKey(), deepMerge((ObjectNode) existing, (ObjectNode) value));
            } else {
                merged.set(field.getKey(), withoutNulls(value));
            }
        }
        return merged;
    }

    /** A new object placed where nothing was: its own null members mean "absent". */
    private static JsonNode withoutNulls(JsonNode value) {
        if (!value.isObject()) {
            return value.deepCopy();
        }
        return deepMerge(empty(), (ObjectNode) value);
    }
}
