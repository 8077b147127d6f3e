package com.fleetfusion.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fleetfusion.testsupport.ClerkEmulatorProcess;

/** Clerk Backend API calls of the tests (what an admin would do in Clerk's dashboard), against the emulator. */
final class ClerkBackendCalls {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ClerkEmulatorProcess emulator;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ClerkBackendCalls(ClerkEmulatorProcess emulator) {
        this.emulator = emulator;
    }

    String createUser(String email, String firstName) {
        return send("POST", "/v1/users", Map.of("email_address", List.of(email), "first_name", firstName,
                "last_name", "Test")).get("id").asText();
    }

    void updateUserMetadata(String userId, Map<String, Object> publicMetadata) {
        send("PATCH", "/v1/users/" + userId + "/metadata", Map.of("public_metadata", publicMetadata));
    }

    void deleteUser(String userId) {
        send("DELETE", "/v1/users/" + userId, null);
    }

    /** Created by {@code createdBy}, who becomes its org:admin. */
    String createOrganization(String name, String createdBy) {
        return send("POST", "/v1/organizations", Map.of("name", name, "created_by", createdBy)).get("id").asText();
    }

    void renameOrganization(String organizationId, String name) {
        send("PATCH", "/v1/organizations/" + organizationId, Map.of("name", name));
    }

    void deleteOrganization(String organizationId) {
        send("DELETE", "/v1/organizations/" + organizationId, null);
    }

    void addMember(String organizationId, String userId, String role) {
        send("POST", "/v1/organizations/" + organizationId + "/memberships", Map.of("user_id", userId, "role", role));
    }

    void changeRole(String organizationId, String userId, String role) {
        send("PATCH", "/v1/organizations/" + organizationId + "/memberships/" + userId, Map.of("role", role));
    }

    void removeMember(String organizationId, String userId) {
        send("DELETE", "/v1/organizations/" + organizationId + "/memberships/" + userId, null);
    }

    List<JsonNode> users() {
        return all("/v1/users", false);
    }

    List<JsonNode> organizations() {
        return all("/v1/organizations", true);
    }

    List<JsonNode> memberships() {
        return all("/v1/organization_memberships", true);
    }

    private List<JsonNode> all(String path, boolean wrapped) {
        List<JsonNode> items = new ArrayList<>();
        for (int offset = 0; ; offset += 500) {
            JsonNode page = send("GET", path + "?limit=500&offset=" + offset, null);
            JsonNode data = wrapped ? page.get("data") : page;
            data.forEach(items::add);
            if (data.size() < 500) {
                return items;
            }
        }
    }

    private JsonNode send(String method, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + emulator.secretKey())
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
