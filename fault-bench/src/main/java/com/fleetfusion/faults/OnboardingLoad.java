package com.fleetfusion.faults;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import com.fleetfusion.testsupport.ClerkEmulatorClient;

/**
 * New customers onboarding beside the webhook stream, one after another: a sign-up at the emulator, a session token,
 * then {@code POST /onboarding} on onboarding-service as the SPA's request reaches it. Remembers the organization of
 * every answer 201 (user id to organization id) and counts the other answers.
 */
final class OnboardingLoad implements Runnable {

    private static final String FORM = """
            {"organizationName": "%s", "legalName": "Fault Freight LLC", "usdotNumber": "1234567", "fleetSize": 12,
             "contactPhone": "+1 555 0100", "address": {"line1": "1 Main St", "line2": null, "city": "Austin",
             "region": "TX", "postalCode": "73301", "country": "US"}}""";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ClerkEmulatorClient emulator;
    private final URI onboarding;
    private final Timeline timeline;
    private final long untilNanos;
    private final Duration pause;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, String> organizations = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> statuses = new ConcurrentHashMap<>();

    OnboardingLoad(ClerkEmulatorClient emulator, String onboardingBaseUrl, Timeline timeline, Duration runFor,
            Duration pause) {
        this.emulator = emulator;
        this.onboarding = URI.create(onboardingBaseUrl + "/onboarding");
        this.timeline = timeline;
        this.untilNanos = System.nanoTime() + runFor.toNanos();
        this.pause = pause;
    }

    @Override
    public void run() {
        int n = 0;
        while (System.nanoTime() < untilNanos && !Thread.currentThread().isInterrupted()) {
            try {
                onboardOne(n++);
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | java.io.IOException e) {
                statuses.merge(0, 1, Integer::sum);
                timeline.count(Timeline.Counter.ONBOARDING_FAILED);
            }
        }
    }

    private void onboardOne(int n) throws java.io.IOException, InterruptedException {
        String userId = emulator.signUpUserId("owner" + n + "." + System.nanoTime() + "@fleetfusion.example", "Olga",
                "Owner" + n);
        String token = emulator.token(Map.<String, Object>of("user_id", userId, "azp", Pipeline.SPA_ORIGIN));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(onboarding).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(FORM.formatted("Fault Freight " + n))).build(),
                HttpResponse.BodyHandlers.ofString());
        statuses.merge(response.statusCode(), 1, Integer::sum);
        if (response.statusCode() == 201) {
            JsonNode body = JSON.readTree(response.body());
            organizations.put(userId, body.path("organizationId").asText());
            timeline.count(Timeline.Counter.ONBOARDED);
        } else {
            timeline.count(Timeline.Counter.ONBOARDING_FAILED);
        }
    }

    /** User id to organization id of every onboarding answered 201. */
    Map<String, String> organizations() {
        return Map.copyOf(organizations);
    }

    /** Answers by status (0: no answer). */
    Map<Integer, Integer> statuses() {
        return Map.copyOf(statuses);
    }
}
