package com.fleetfusion.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A client of clerk-emulator's control API ({@code /__emulator}, DESIGN.md "clerk-emulator control API"): sign up users,
 * mint session tokens (good or deliberately bad), register webhook endpoints, delivery chaos, faults, key rotation,
 * delivery attempts, reset. Blocking, for tests and scripts.
 */
public final class ClerkEmulatorClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ClerkEmulatorClient(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** Signs a user up as Clerk's sign-up flow would; answers the Clerk User (user.created is delivered). */
    public JsonNode signUp(String email, String firstName, String lastName) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", email);
        body.put("first_name", firstName);
        body.put("last_name", lastName);
        return post("/__emulator/sign-ups", body);
    }

    /** Signs a user up and answers its id. */
    public String signUpUserId(String email, String firstName, String lastName) {
        return signUp(email, firstName, lastName).get("id").asText();
    }

    /** A valid session token for the user, active organization = the user's latest, the instance's claim version. */
    public String token(String userId) {
        return token(userId, null, null, null);
    }

    /**
     * A session token. {@code organizationId} null: the user's latest organization; {@code version} 1 or 2, null: the
     * instance's; {@code defect} null, or expired, nbf_future, iat_future, wrong_azp, unknown_key, pending.
     */
    public String token(String userId, String organizationId, Integer version, String defect) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user_id", userId);
        putIfPresent(body, "organization_id", organizationId);
        putIfPresent(body, "version", version);
        putIfPresent(body, "defect", defect);
        return token(body);
    }

    /**
     * A session token from a full request: user_id, organization_id, azp, version, ttl_seconds, defect, permissions
     * (custom org permissions such as "org:fleet:read").
     */
    public String token(Map<String, Object> request) {
        return post("/__emulator/tokens", request).get("jwt").asText();
    }

    /** Registers a webhook endpoint; {@code secret} null: one is generated. Answers the endpoint's whsec_ secret. */
    public String addWebhookEndpoint(String url, String secret) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("url", url);
        putIfPresent(body, "secret", secret);
        return post("/__emulator/webhook-endpoints", body).get("secret").asText();
    }

    /**
     * Delivery chaos and time scale; a null leaves that setting as it is. Answers the current settings.
     * {@code retryTimeScale} 0.001 turns Svix's retry gaps (5 s, 5 min, ...) into milliseconds.
     */
    public JsonNode delivery(Double duplicateRate, Integer shuffleWindow, Long maxDelayMs, Double retryTimeScale) {
        Map<String, Object> body = new LinkedHashMap<>();
        putIfPresent(body, "duplicate_rate", duplicateRate);
        putIfPresent(body, "shuffle_window", shuffleWindow);
        putIfPresent(body, "max_delay_ms", maxDelayMs);
        putIfPresent(body, "retry_time_scale", retryTimeScale);
        return post("/__emulator/delivery", body);
    }

    /** The next {@code count} calls of a Backend API operation (its operationId) answer {@code status}. */
    public JsonNode fault(String operation, int status, int count, Long retryAfterSeconds) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("operation", operation);
        body.put("status", status);
        body.put("count", count);
        putIfPresent(body, "retry_after_seconds", retryAfterSeconds);
        return post("/__emulator/faults", body);
    }

    /** The next {@code count} calls of the operation hang {@code hangMs} before being served normally. */
    public JsonNode hang(String operation, long hangMs, int count) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("operation", operation);
        body.put("hang_ms", hangMs);
        body.put("count", count);
        return post("/__emulator/faults", body);
    }

    /** Publishes a new signing key and signs with it; {@code retireOld} withdraws the previous keys. Answers the JWKS. */
    public JsonNode rotateKeys(boolean retireOld) {
        return post("/__emulator/keys/rotate", Map.of("retire_old", retireOld));
    }

    /** The delivery attempts so far: svix_id, endpoint_id, url, event_type, attempt, status, succeeded, error... */
    public JsonNode deliveries() {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/__emulator/deliveries")).GET());
    }

    /** The Frontend API JWKS. */
    public JsonNode jwks() {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/.well-known/jwks.json")).GET());
    }

    /** Empties users, organizations, memberships, webhook endpoints (but the configured ones), faults, deliveries. */
    public void reset() {
        post("/__emulator/reset", Map.of());
    }

    private JsonNode post(String path, Object body) {
        try {
            return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("clerk-emulator answered " + response.statusCode() + " to "
                        + response.request().method() + " " + response.request().uri().getPath() + ": "
                        + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("clerk-emulator at " + baseUrl + " unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void putIfPresent(Map<String, Object> body, String key, Object value) {
        if (value != null) {
            body.put(key, value);
        }
    }
}
