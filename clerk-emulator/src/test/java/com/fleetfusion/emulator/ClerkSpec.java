package com.fleetfusion.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;

import io.restassured.filter.Filter;
import io.restassured.response.Response;

/**
 * One of Clerk's OpenAPI documents (copies of github.com/clerk/openapi-specs in src/test/resources/clerk) as a
 * validator of what the emulator produces: Backend API responses by operation and status, webhook payloads by event
 * type. The schemas are validated by networknt's json-schema-validator with the OpenAPI dialect of the document's own
 * version (3.0 has {@code nullable}, 3.1 is JSON Schema 2020-12).
 */
final class ClerkSpec {

    /** The Backend API document's paths leave out the /v1 of its server URL; the Frontend API's keep it. */
    static final ClerkSpec BACKEND_API = new ClerkSpec("clerk/backend-api-2026-05-12.yml", "/v1");
    static final ClerkSpec FRONTEND_API = new ClerkSpec("clerk/frontend-api-2026-05-12.yml", "");
    static final ClerkSpec WEBHOOKS = new ClerkSpec("clerk/webhooks-2025-04-15.yml", "");

    /** The one media type of every Backend API answer in Clerk's spec. */
    static final String JSON = "application/json";

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    private final String resource;
    private final String serverPath;
    private final JsonNode document;
    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
    private final List<PathTemplate> paths = new ArrayList<>();
    /** The operationIds whose responses were validated, with the statuses seen. */
    private final Map<String, Set<Integer>> validated = new ConcurrentHashMap<>();

    record PathTemplate(String template, Pattern pattern, int literalSegments) {
    }

    record Operation(String id, String path, String method, JsonNode node) {
    }

    private ClerkSpec(String resource, String serverPath) {
        this.resource = resource;
        this.serverPath = serverPath;
        try (InputStream in = ClerkSpec.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " missing from the test class path");
            }
            document = new ObjectMapper(new YAMLFactory()).readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String version = document.path("openapi").asText();
        Dialect dialect;
        if (version.startsWith("3.0.")) {
            dialect = Dialects.getOpenApi30();
        } else if (version.startsWith("3.1.")) {
            dialect = Dialects.getOpenApi31();
        } else {
            throw new IllegalStateException(resource + ": unsupported OpenAPI version " + version);
        }
        registry = SchemaRegistry.withDefaultDialect(dialect);
        Iterator<String> names = document.path("paths").fieldNames();
        while (names.hasNext()) {
            String template = names.next();
            String[] segments = template.substring(1).split("/");
            StringBuilder regex = new StringBuilder();
            int literals = 0;
            for (String segment : segments) {
                regex.append('/');
                if (segment.startsWith("{")) {
                    regex.append("[^/]+");
                } else {
                    regex.append(Pattern.quote(segment));
                    literals++;
                }
            }
            paths.add(new PathTemplate(template, Pattern.compile(regex.toString()), literals));
        }
    }

    String openApiVersion() {
        return document.path("openapi").asText();
    }

    /** The operation serving {@code method path} (path without the /v1 prefix); the most literal template wins. */
    Optional<Operation> operation(String method, String path) {
        String m = method.toLowerCase();
        return paths.stream().filter(p -> p.pattern().matcher(path).matches())
                .filter(p -> document.path("paths").path(p.template()).has(m))
                .max(java.util.Comparator.comparingInt(PathTemplate::literalSegments))
                .map(p -> {
                    JsonNode node = document.path("paths").path(p.template()).path(m);
                    return new Operation(node.path("operationId").asText(), p.template(), m, node);
                });
    }

    /**
     * The JSON pointer of the schema of {@code operation}'s response with {@code status}; a status the operation does
     * not document is an error answer in Clerk's ClerkErrors shape (401, 429, 5xx on any operation).
     */
    String responseSchemaPointer(Operation operation, int status) {
        JsonNode response = operation.node().path("responses").path(Integer.toString(status));
        String pointer = "/paths/" + escape(operation.path()) + "/" + operation.method() + "/responses/" + status;
        if (response.isMissingNode()) {
            if (status >= 400) {
                return "/components/schemas/ClerkErrors";
            }
            throw new AssertionError(operation.id() + " does not document status " + status);
        }
        if (response.has("$ref")) {
            pointer = response.path("$ref").asText().substring(1);
            response = document.at(pointer);
        }
        JsonNode schema = response.path("content").path("application/json").path("schema");
        if (schema.isMissingNode()) {
            throw new AssertionError(operation.id() + " " + status + " has no application/json schema");
        }
        return pointer + "/content/application~1json/schema";
    }

    /** Validation errors of {@code json} against the schema at {@code pointer} of this document. */
    List<Error> validate(String pointer, String json) {
        Schema schema = schemas.computeIfAbsent(pointer,
                p -> registry.getSchema(SchemaLocation.of("classpath:" + resource + "#" + p)));
        return schema.validate(json, InputFormat.JSON);
    }

    /** Asserts that a Backend API response conforms to the spec. */
    void assertConforms(String method, String v1Path, int status, String body) {
        String path = v1Path.substring(serverPath.length());
        Optional<Operation> operation = operation(method, path);
        String pointer;
        String id;
        if (operation.isPresent()) {
            id = operation.get().id();
            pointer = responseSchemaPointer(operation.get(), status);
        } else if (status >= 400) {
            id = "(no operation)";
            pointer = "/components/schemas/ClerkErrors";
        } else {
            throw new AssertionError(method + " " + v1Path + " answered " + status + " but the spec has no such"
                    + " operation");
        }
        List<Error> errors = validate(pointer, body);
        if (!errors.isEmpty()) {
            throw new AssertionError(method + " " + v1Path + " (" + id + ") " + status
                    + " does not conform to " + pointer + ": " + errors + "\n" + body);
        }
        validated.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(status);
    }

    /** Asserts that a webhook body conforms to the payload schema of its event type. */
    void assertWebhookConforms(String type, String body) {
        JsonNode event = document.path("x-webhooks").path(type).path("post");
        if (event.isMissingNode()) {
            throw new AssertionError("the webhook spec has no event " + type);
        }
        String pointer = "/x-webhooks/" + escape(type) + "/post/requestBody/content/application~1json/schema";
        List<Error> errors = validate(pointer, body);
        if (!errors.isEmpty()) {
            throw new AssertionError(type + " payload does not conform: " + errors + "\n" + body);
        }
        validated.computeIfAbsent(type, k -> ConcurrentHashMap.newKeySet()).add(200);
    }

    Map<String, Set<Integer>> validated() {
        return Map.copyOf(validated);
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    /** A RestAssured filter asserting that every /v1 response of the emulator conforms to the Backend API spec. */
    static final Filter CONFORMANCE = conformanceTo(BACKEND_API);

    /** The same for the Frontend API, by the verb clerk-js means ({@code ?_method=} on a POST). */
    static final Filter FRONTEND_CONFORMANCE = conformanceTo(FRONTEND_API);

    private static Filter conformanceTo(ClerkSpec spec) {
        return (request, responseSpec, context) -> {
            Response response = context.next(request, responseSpec);
            java.net.URI uri = java.net.URI.create(request.getURI());
            String path = uri.getPath();
            String method = request.getMethod();
            String query = uri.getQuery() == null ? "" : uri.getQuery();
            java.util.regex.Matcher override = Pattern.compile("(?:^|&)_method=([A-Z]+)").matcher(query);
            if ("POST".equals(method) && override.find()) {
                method = override.group(1);
            }
            if (path.startsWith("/v1/") && !response.asString().isEmpty()) {
                spec.assertConforms(method, path, response.statusCode(), response.asString());
                // the spec's media type, exactly: Clerk's JavaScript SDK reads no other as JSON
                String contentType = response.getHeader("Content-Type");
                if (!JSON.equals(contentType)) {
                    throw new AssertionError(request.getMethod() + " " + path + " answered Content-Type "
                            + contentType + ", not " + JSON);
                }
            }
            return response;
        };
    }
}
