package com.fleetfusion.onboarding;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fleetfusion.testsupport.ClerkEmulatorProcess;

/**
 * What the tests see of the emulator's Backend API, over plain HTTP and independent of the service's own client:
 * the source of truth for "no orphan organization", "admin membership", "metadata merged".
 */
final class ClerkBackendProbe {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ClerkEmulatorProcess emulator = ClerkEmulatorProcess.shared();

    /** The answer's status and body (a Clerk object, list or ClerkErrors). */
    record Answer(int status, JsonNode body) {
    }

    Answer get(String path) {
        return send(request(path).GET());
    }

    Answer post(String path, Object body) {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofString(json(body))));
    }

    Answer patch(String path, Object body) {
        return send(request(path).method("PATCH", HttpRequest.BodyPublishers.ofString(json(body))));
    }

    Answer delete(String path) {
        return send(request(path).DELETE());
    }

    JsonNode user(String userId) {
        return get("/v1/users/" + userId).body();
    }

    /** Organizations the user belongs to (Clerk lists them by member). */
    JsonNode organizationsOf(String userId) {
        return get("/v1/organizations?user_id=" + URLEncoder.encode(userId, StandardCharsets.UTF_8)).body();
    }

    /** Organizations whose name or slug contains {@code text}. */
    JsonNode organizationsMatching(String text) {
        return get("/v1/organizations?limit=500&query=" + URLEncoder.encode(text, StandardCharsets.UTF_8)).body();
    }

    JsonNode membershipsOf(String organizationId, String userId) {
        return get("/v1/organizations/" + organizationId + "/memberships?user_id="
                + URLEncoder.encode(userId, StandardCharsets.UTF_8)).body();
    }

    /** Creates an organization as another Clerk client would (for slug clashes and crash scenarios). */
    JsonNode createOrganization(Map<String, Object> body) {
        Answer answer = post("/v1/organizations", body);
        if (answer.status() != 200) {
            throw new IllegalStateException("CreateOrganization answered " + answer.status() + ": " + answer.body());
        }
        return answer.body();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + emulator.secretKey())
                .header("Content-Type", "application/json");
    }

    private static String json(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), JSON.readTree(response.body().isEmpty() ? "{}" : response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
