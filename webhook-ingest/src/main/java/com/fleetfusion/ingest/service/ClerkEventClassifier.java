package com.fleetfusion.ingest.service;

import java.io.IOException;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fleetfusion.events.ClerkEventKey;
import com.fleetfusion.events.EventVersions;
import com.fleetfusion.ingest.model.ClerkEventRoute;

/**
 * Decides the Kafka key of a verified body, or why it cannot have one. The key follows the Kafka contract
 * ({@link ClerkEventKey}): {@code data.id}, and for memberships from {@code data.organization.id} and
 * {@code data.public_user_data.user_id}.
 *
 * <p>One pass of Jackson's streaming parser over the whole body: it reads only {@code type}, {@code data.id},
 * {@code data.organization.id} and {@code data.public_user_data.user_id} and skips everything else without building
 * a tree, yet still tokenizes all of it, so that it decides exactly as {@code objectMapper.readTree(body)} would (a
 * body that readTree refuses is {@code not_json}; a repeated key counts by its last occurrence). The test keeps the
 * tree-based version and compares both on many generated bodies. The same pass reads the event's version fields
 * ({@link EventVersions#newestTime}'s value for a usable body), so that the body is not parsed once more for them.
 */
@Singleton
public class ClerkEventClassifier {

    private final ObjectMapper objectMapper;
    private final boolean failOnTrailingTokens;

    public ClerkEventClassifier(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
        this.failOnTrailingTokens = objectMapper.isEnabled(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** The route of a verified body and, when it is usable, its {@link EventVersions#newestTime} (else -1). */
    public record Classification(ClerkEventRoute route, long newestTime) {
    }

    public ClerkEventRoute classify(byte[] body) {
        return classifyAndDate(body).route();
    }

    public Classification classifyAndDate(byte[] body) {
        Event event = new Event();
        try (JsonParser parser = objectMapper.createParser(body)) {
            JsonToken root = parser.nextToken();
            if (root == JsonToken.START_OBJECT) {
                event.readRoot(parser);
            } else if (root != null) {
                skipValue(parser, root);
                if (root == JsonToken.VALUE_STRING) {
                    parser.finishToken(); // strings are read lazily: a malformed one is not JSON
                }
                event = null;
            } else {
                event = null; // no content at all
            }
            if (failOnTrailingTokens && root != null && parser.nextToken() != null) {
                return unusable(new ClerkEventRoute.Unusable(null, "not_json"));
            }
        } catch (IOException e) {
            return unusable(new ClerkEventRoute.Unusable(null, "not_json"));
        }
        if (event == null) {
            return unusable(new ClerkEventRoute.Unusable(null, "not_json_object"));
        }
        ClerkEventRoute route = event.route();
        return new Classification(route, route instanceof ClerkEventRoute.Usable ? event.newest : -1);
    }

    private static Classification unusable(ClerkEventRoute.Unusable route) {
        return new Classification(route, -1);
    }

    /** The fields of one event that decide its route; each holds the last occurrence of its key, as a tree would. */
    private static final class Event {
        String type;
        String dataId;
        String organizationId;
        String userId;
        /** As {@link EventVersions#newestTime}: every occurrence of the version fields counts. */
        long newest = -1;

        void readRoot(JsonParser parser) throws IOException {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("type".equals(name)) {
                    type = text(parser, value);
                } else if (EventVersions.ENVELOPE_TIME.equals(name) && value == JsonToken.VALUE_NUMBER_INT) {
                    newest = Math.max(newest, EventVersions.millisAt(parser));
                } else if ("data".equals(name)) {
                    dataId = null;
                    organizationId = null;
                    userId = null;
                    if (value == JsonToken.START_OBJECT) {
                        readData(parser);
                    } else {
                        skipValue(parser, value);
                    }
                } else {
                    skipValue(parser, value);
                }
            }
        }

        void readData(JsonParser parser) throws IOException {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("id".equals(name)) {
                    dataId = text(parser, value);
                } else if ("organization".equals(name)) {
                    organizationId = field(parser, value, "id");
                } else if ("public_user_data".equals(name)) {
                    userId = field(parser, value, "user_id");
                } else if (EventVersions.DATA_TIME.equals(name) && value == JsonToken.VALUE_NUMBER_INT) {
                    newest = Math.max(newest, EventVersions.millisAt(parser));
                } else {
                    skipValue(parser, value);
                }
            }
        }

        ClerkEventRoute route() {
            if (type == null) {
                return new ClerkEventRoute.Unusable(null, "missing_type");
            }
            if (dataId == null) {
                return new ClerkEventRoute.Unusable(type, "missing_data_id");
            }
            String key = ClerkEventKey.of(type, dataId, organizationId, userId);
            if (key == null) {
                return new ClerkEventRoute.Unusable(type, "membership_without_ids");
            }
            return new ClerkEventRoute.Usable(type, key);
        }
    }

    /** The text of field {@code wanted} of the object starting at {@code value}; null when not an object or absent. */
    private static String field(JsonParser parser, JsonToken value, String wanted) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            skipValue(parser, value);
            return null;
        }
        String found = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken inner = parser.nextToken();
            if (wanted.equals(name)) {
                found = text(parser, inner);
            } else {
                skipValue(parser, inner);
            }
        }
        return found;
    }

    /** A non-blank string value, else null (a number, boolean, null, object or array is skipped). */
    private static String text(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            String text = parser.getText();
            return text.isBlank() ? null : text;
        }
        skipValue(parser, value);
        return null;
    }

    /**
     * Skips the value at {@code token}: an object or array to its end, tokenizing all of it. A string inside an object
     * or array is not decoded, but the parser's next token still checks it to its closing quote (escapes, UTF-8,
     * control characters), as decoding would.
     */
    private static void skipValue(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
            parser.skipChildren();
        }
    }
}
