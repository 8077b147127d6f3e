package com.fleetfusion.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fleetfusion.testsupport.ClerkEmulatorProcess;
import com.fleetfusion.testsupport.ClerkEmulatorResource;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * What ops change between two runs, without restarting the service: which Clerk instance {@code CLERK_API_URL} and
 * {@code CLERK_SECRET_KEY} open. The service's Backend API calls go to this loopback forwarder, which passes them to
 * the current emulator with that emulator's key, over real HTTP. It can also leave objects out of Clerk's answers
 * for a while (a listing that misses them, a read by id answering Clerk's 404 {@code resource_not_found}), the way
 * a wrong key or a broken API would. Listings are filtered within their page: keep the test's objects on one page.
 */
public class ClerkApiSwitch extends ClerkEmulatorResource {

    /** The key the service is configured with; the forwarder replaces it with the current emulator's. */
    static final String SERVICE_KEY = "sk_test_service_side_key";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BY_ID = Pattern.compile("/v1/(users|organizations)/([^/?]+)(/memberships)?");
    private static final Set<String> LISTINGS = Set.of("/v1/users", "/v1/organizations",
            "/v1/organization_memberships");
    private static volatile HttpServer server;
    private static volatile ClerkEmulatorProcess target;
    private static final Set<String> HIDDEN = ConcurrentHashMap.newKeySet();
    private static final Set<String> HIDDEN_FROM_LISTINGS = ConcurrentHashMap.newKeySet();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    protected Map<String, String> settings(ClerkEmulatorProcess emulator) {
        start(emulator);
        return Map.of("quarkus.rest-client.clerk-backend-api.url",
                "http://127.0.0.1:" + server.getAddress().getPort(), "clerk.secret-key", SERVICE_KEY);
    }

    private static synchronized void start(ClerkEmulatorProcess emulator) {
        target = emulator;
        if (server != null) {
            return;
        }
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", ClerkApiSwitch::forward);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
    }

    /** From now on the service's calls reach this emulator, with its key. */
    static void pointAt(ClerkEmulatorProcess emulator) {
        target = emulator;
    }

    /** These ids (users, organizations) are absent from every answer: listings, reads by id, memberships. */
    static void hide(String... ids) {
        HIDDEN.addAll(Set.of(ids));
    }

    /** These ids are absent from the listings only; reads by id find them. */
    static void hideFromListings(String... ids) {
        HIDDEN_FROM_LISTINGS.addAll(Set.of(ids));
    }

    static void showAll() {
        HIDDEN.clear();
        HIDDEN_FROM_LISTINGS.clear();
    }

    private static void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            Matcher byId = BY_ID.matcher(path);
            if ("GET".equals(exchange.getRequestMethod()) && byId.matches() && HIDDEN.contains(byId.group(2))) {
                send(exchange, 404, """
                        {"errors":[{"message":"not found","long_message":"Resource not found",
                        "code":"resource_not_found","meta":{}}],"clerk_trace_id":"switch"}""");
                return;
            }
            ClerkEmulatorProcess emulator = target;
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(emulator.baseUrl()
                            + exchange.getRequestURI().toString()))
                    .timeout(Duration.ofSeconds(30))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(
                            exchange.getRequestBody().readAllBytes()));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (name.equalsIgnoreCase("Authorization")) {
                    request.header("Authorization", "Bearer " + emulator.secretKey());
                } else if (!Set.of("host", "connection", "content-length", "upgrade", "expect")
                        .contains(name.toLowerCase(java.util.Locale.ROOT))) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            boolean listing = LISTINGS.contains(path);
            if (response.statusCode() == 200 && (!HIDDEN.isEmpty() || !HIDDEN_FROM_LISTINGS.isEmpty())
                    && (listing || byId.matches() && byId.group(3) != null)) {
                // a confirmation read of memberships is a read by id: only what is hidden everywhere is left out
                body = withoutHidden(JSON.readTree(body), listing).toString();
            }
            response.headers().firstValue("Retry-After").ifPresent(v -> exchange.getResponseHeaders().add(
                    "Retry-After", v));
            send(exchange, response.statusCode(), body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A listing without the hidden objects (a bare array, or {data, total_count}). */
    private static JsonNode withoutHidden(JsonNode listing, boolean listingToo) {
        ArrayNode data = (ArrayNode) (listing.isArray() ? listing : listing.path("data"));
        for (int i = data.size() - 1; i >= 0; i--) {
            JsonNode item = data.get(i);
            if (hidden(item.path("id").asText(), listingToo)
                    || hidden(item.path("organization").path("id").asText(), listingToo)
                    || hidden(item.path("public_user_data").path("user_id").asText(), listingToo)) {
                data.remove(i);
                if (listing instanceof ObjectNode wrapper && wrapper.has("total_count")) {
                    wrapper.put("total_count", wrapper.get("total_count").asLong() - 1);
                }
            }
        }
        return listing;
    }

    private static boolean hidden(String id, boolean listingToo) {
        return HIDDEN.contains(id) || listingToo && HIDDEN_FROM_LISTINGS.contains(id);
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }
}
