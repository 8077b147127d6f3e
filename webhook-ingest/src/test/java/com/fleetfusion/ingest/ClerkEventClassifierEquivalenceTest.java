package com.fleetfusion.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fleetfusion.events.EventVersions;
import com.fleetfusion.ingest.model.ClerkEventRoute;
import com.fleetfusion.ingest.service.ClerkEventClassifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The streaming classifier decides exactly as the tree-based one it replaced ({@link #reference}, kept here): on
 * realistic Clerk events, on generated documents with the routing keys repeated, blank, of the wrong type or nested
 * oddly, and on truncated and mutated bytes (broken strings, escapes, UTF-8, numbers, trailing content).
 */
class ClerkEventClassifierEquivalenceTest {

    private static final String[] KEYS = { "type", "data", "id", "organization", "public_user_data", "user_id", "object",
            "x" };
    private static final String[] STRINGS = { "user.created", "organizationMembership.created", "organizationMembership.",
            "org_1", "user_2", "", "  ", "\\t", "Zo\u00eb \u00d8deg\u00e5rd", "\\u0041b\\n", "\\ud83d\\ude00", "a\\\"b",
            "x\\/y" };
    private static final String[] SCALARS = { "0", "-1", "42", "3.25e10", "1e999", "12345678901234567890123", "true",
            "false", "null", "-0.0" };
    private static final byte[] NOISE = "{}[]\",:\\ 0123456789eE.-+tfnul\u00e9\t\n".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest
    @ValueSource(booleans = { false, true })
    void decidesAsTheTreeOnManyGeneratedBodies(boolean failOnTrailingTokens) {
        ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, failOnTrailingTokens);
        ClerkEventClassifier classifier = new ClerkEventClassifier(mapper);
        Random random = new Random(20261127L + (failOnTrailingTokens ? 1 : 0));
        List<byte[]> bodies = bodies(random);
        int usable = 0;
        for (byte[] body : bodies) {
            ClerkEventRoute expected = reference(mapper, body);
            assertThat(classifier.classify(body))
                    .as("body %s", new String(body, StandardCharsets.ISO_8859_1))
                    .isEqualTo(expected);
            usable += expected instanceof ClerkEventRoute.Usable ? 1 : 0;
        }
        // the generated bodies reach every outcome, not only refusals
        assertThat(usable).isGreaterThan(300);
        assertThat(bodies.stream().map(body -> reference(mapper, body)).map(ClerkEventClassifierEquivalenceTest::reason).distinct())
                .contains("usable", "not_json", "not_json_object", "missing_type", "missing_data_id", "membership_without_ids");
    }

    @Test
    void readsTheVersionAsEventVersionsDoesForEveryUsableBody() {
        ObjectMapper mapper = new ObjectMapper();
        ClerkEventClassifier classifier = new ClerkEventClassifier(mapper);
        Random random = new Random(20261207L);
        String[] times = { "1716883200", "1716883200000", "1716883200001", "-5", "0", "99999999999999999999", "1.7e12",
            "\"1716883200000\"", "null", "{\"updated_at\":4102444800000}", "[4102444800000]" };
        int dated = 0;
        for (int i = 0; i < 3000; i++) {
            String body = clerkLike(random);
            for (int n = random.nextInt(3); n > 0; n--) {
                body = body.replaceFirst("^\\{", "{\"timestamp\":" + java.util.regex.Matcher.quoteReplacement(
                        times[random.nextInt(times.length)]) + ",");
            }
            for (int n = random.nextInt(3); n > 0; n--) {
                body = body.replaceFirst("\"data\":\\{", "\"data\":{\"updated_at\":" + java.util.regex.Matcher
                        .quoteReplacement(times[random.nextInt(times.length)]) + ",");
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ClerkEventClassifier.Classification classified = classifier.classifyAndDate(bytes);
            assertThat(classified.route()).as(body).isEqualTo(reference(mapper, bytes));
            long expected = classified.route() instanceof ClerkEventRoute.Usable ? EventVersions.newestTime(bytes) : -1;
            assertThat(classified.newestTime()).as(body).isEqualTo(expected);
            dated += classified.newestTime() > 0 ? 1 : 0;
        }
        assertThat(dated).isGreaterThan(500);
    }

    private static String reason(ClerkEventRoute route) {
        return route instanceof ClerkEventRoute.Unusable unusable ? unusable.reason() : "usable";
    }

    private static List<byte[]> bodies(Random random) {
        List<byte[]> seeds = new ArrayList<>(List.of(
                ClerkDeliveries.userCreated("user_1"),
                ClerkDeliveries.membershipCreated("orgmem_1", "org_1", "user_1"),
                ClerkDeliveries.utf8("{\"type\":\"organization.deleted\",\"data\":{\"id\":\"org_1\",\"deleted\":true}}"),
                ClerkDeliveries.utf8(""), ClerkDeliveries.utf8("   "), ClerkDeliveries.utf8("null"),
                ClerkDeliveries.utf8("\"text\""), ClerkDeliveries.utf8("\"bad \\q escape\""), ClerkDeliveries.utf8("[1,2]"),
                ClerkDeliveries.utf8("{}"), ClerkDeliveries.utf8("{\"type\":\"a\",\"data\":{\"id\":\"b\"}} trailing"),
                ClerkDeliveries.utf8("{\"type\":\"a\",\"data\":{\"id\":\"b\"}} {}"),
                ClerkDeliveries.utf8("{\"type\":\"a\",\"type\":7,\"data\":{\"id\":\"b\"}}"),
                ClerkDeliveries.utf8("{\"type\":\"a\",\"data\":{\"id\":\"b\"},\"data\":{}}"),
                new byte[] { '{', '"', 't', 'y', 'p', 'e', '"', ':', '"', (byte) 0xC3, '"', '}' },
                new byte[] { '{', '"', 'x', '"', ':', '"', (byte) 0xFF, '"', ',', '"', 't', 'y', 'p', 'e', '"', ':', '1', '}' },
                new byte[] { '{', '"', 'x', '"', ':', '"', 1, '"', '}' }));
        for (int i = 0; i < 1500; i++) {
            seeds.add((i % 2 == 0 ? document(random) : clerkLike(random)).getBytes(StandardCharsets.UTF_8));
        }
        List<byte[]> bodies = new ArrayList<>(seeds);
        for (byte[] seed : seeds) {
            for (int i = 0; i < 4 && seed.length > 0; i++) {
                bodies.add(java.util.Arrays.copyOf(seed, random.nextInt(seed.length)));
                bodies.add(mutate(seed, random));
            }
        }
        return bodies;
    }

    /** A random JSON object around the routing keys, often repeating them, with values of every kind. */
    private static String document(Random random) {
        StringBuilder json = new StringBuilder();
        object(json, random, 0);
        return json.toString();
    }

    /** Mostly a usable event (a user or a membership), with noise fields, repeated keys and odd values now and then. */
    private static String clerkLike(Random random) {
        StringBuilder data = new StringBuilder("{");
        List<String> dataFields = new ArrayList<>();
        dataFields.add("\"id\":" + maybeOdd(random, "\"orgmem_" + random.nextInt(100) + "\""));
        if (random.nextInt(3) > 0) {
            dataFields.add("\"organization\":{\"name\":\"Acme\",\"id\":" + maybeOdd(random, "\"org_1\"") + "}");
        }
        if (random.nextInt(3) > 0) {
            dataFields.add("\"public_user_data\":{\"user_id\":" + maybeOdd(random, "\"user_1\"") + ",\"x\":[1,{}]}");
        }
        if (random.nextInt(4) == 0) {
            StringBuilder noise = new StringBuilder();
            value(noise, random, 2);
            dataFields.add(random.nextInt(dataFields.size() + 1), "\"" + KEYS[random.nextInt(KEYS.length)] + "\":" + noise);
        }
        data.append(String.join(",", dataFields)).append('}');
        List<String> fields = new ArrayList<>();
        String type = random.nextBoolean() ? "\"organizationMembership.created\"" : "\"user.updated\"";
        fields.add("\"type\":" + maybeOdd(random, type));
        fields.add("\"data\":" + (random.nextInt(10) == 0 ? "[" + data + "]" : data));
        fields.add("\"object\":\"event\"");
        if (random.nextInt(4) == 0) {
            StringBuilder noise = new StringBuilder();
            value(noise, random, 2);
            fields.add(random.nextInt(fields.size() + 1), "\"" + KEYS[random.nextInt(KEYS.length)] + "\":" + noise);
        }
        java.util.Collections.shuffle(fields, random);
        return "{" + String.join(",", fields) + "}";
    }

    private static String maybeOdd(Random random, String usual) {
        return switch (random.nextInt(12)) {
            case 0 -> "\"  \"";
            case 1 -> SCALARS[random.nextInt(SCALARS.length)];
            case 2 -> "{\"id\":" + usual + "}";
            default -> usual;
        };
    }

    private static void object(StringBuilder json, Random random, int depth) {
        json.append('{');
        int fields = random.nextInt(5);
        for (int i = 0; i < fields; i++) {
            if (i > 0) {
                json.append(random.nextInt(10) == 0 ? " , " : ",");
            }
            json.append('"').append(KEYS[random.nextInt(KEYS.length)]).append("\":");
            value(json, random, depth + 1);
        }
        json.append('}');
    }

    private static void value(StringBuilder json, Random random, int depth) {
        int kind = random.nextInt(depth > 4 ? 2 : 5);
        switch (kind) {
            case 0 -> json.append('"').append(STRINGS[random.nextInt(STRINGS.length)]).append('"');
            case 1 -> json.append(SCALARS[random.nextInt(SCALARS.length)]);
            case 2, 3 -> object(json, random, depth);
            default -> {
                json.append('[');
                int items = random.nextInt(3);
                for (int i = 0; i < items; i++) {
                    if (i > 0) {
                        json.append(',');
                    }
                    value(json, random, depth + 1);
                }
                json.append(']');
            }
        }
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] mutated = seed.clone();
        int changes = 1 + random.nextInt(2);
        for (int i = 0; i < changes; i++) {
            int at = random.nextInt(mutated.length);
            mutated[at] = random.nextInt(4) == 0 ? (byte) random.nextInt(256) : NOISE[random.nextInt(NOISE.length)];
        }
        return mutated;
    }

    /** The tree-based classifier this one replaced, verbatim. */
    static ClerkEventRoute reference(ObjectMapper objectMapper, byte[] body) {
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
        if (!type.startsWith("organizationMembership.")) {
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
