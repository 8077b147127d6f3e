package com.fleetfusion.emulator.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fleetfusion.emulator.config.EmulatorConfig;
import com.fleetfusion.emulator.model.DeliveryAttempt;
import com.fleetfusion.emulator.model.DeliverySettings;
import com.fleetfusion.emulator.service.ControlApiException;
import com.fleetfusion.emulator.service.EventSink;
import com.fleetfusion.emulator.service.Ids;
import com.svix.Webhook;
import com.svix.exceptions.WebhookSigningException;

import io.quarkus.runtime.StartupEvent;

/**
 * Clerk's webhooks as Svix delivers them: every event, in Clerk's envelope, POSTed to every endpoint with svix-id,
 * svix-timestamp and svix-signature made by Svix's own signer. At least once: a non-2xx answer or none within the
 * timeout is retried on Svix's schedule (scaled by retry_time_scale), always with the same svix-id and a fresh
 * timestamp and signature. Optional chaos (duplicates, shuffled order, delays) for consumers' tests.
 */
@ApplicationScoped
public class WebhookDispatcher implements EventSink {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);
    private static final int MAX_LOGGED_ATTEMPTS = 10_000;
    /** A partly filled shuffle window is sent after this long, so nothing waits for events that may never come. */
    private static final long SHUFFLE_FLUSH_MS = 200;

    @Inject
    EmulatorConfig config;

    Clock clock = Clock.systemUTC();

    private final Map<String, WebhookEndpoint> endpoints = new ConcurrentHashMap<>();
    private final ConcurrentLinkedDeque<DeliveryAttempt> attempts = new ConcurrentLinkedDeque<>();
    private final List<Message> shuffleBuffer = new ArrayList<>();
    private volatile DeliverySettings settings = DeliverySettings.DEFAULT;
    /** Bumped by reset: pending retries of an older generation are dropped. */
    private volatile int generation;
    private ScheduledExecutorService scheduler;
    private HttpClient http;

    /** One message to one endpoint: its svix-id and body never change across attempts. */
    record Message(String svixId, WebhookEndpoint endpoint, String type, String payload, int generation) {
    }

    @PostConstruct
    void start() {
        scheduler = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "webhook-delivery");
            thread.setDaemon(true);
            return thread;
        });
        http = HttpClient.newBuilder().connectTimeout(config.webhooks().timeout()).build();
        registerConfiguredEndpoints();
    }

    void onStart(@jakarta.enterprise.event.Observes StartupEvent event) {
        // endpoints from EMULATOR_WEBHOOK_URLS exist from the first request on
    }

    @PreDestroy
    void stop() {
        scheduler.shutdownNow();
    }

    private void registerConfiguredEndpoints() {
        config.webhooks().urls().ifPresent(urls -> urls.stream().filter(u -> !u.isBlank())
                .forEach(url -> addEndpoint(url.trim(), config.webhooks().secret().filter(s -> !s.isBlank())
                        .orElse(null))));
    }

    public WebhookEndpoint addEndpoint(String url, String secret) {
        if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
            throw new ControlApiException("url must be an http(s) URL");
        }
        String whsec = secret == null || secret.isBlank() ? newSecret() : secret;
        Webhook signer;
        try {
            signer = new Webhook(whsec);
        } catch (RuntimeException | com.svix.exceptions.EmptyWebhookSecretException e) {
            throw new ControlApiException("secret must be whsec_ followed by base64");
        }
        WebhookEndpoint endpoint = new WebhookEndpoint(Ids.next("ep"), URI.create(url).toString(), whsec, signer);
        endpoints.put(endpoint.id(), endpoint);
        LOG.infof("webhook endpoint %s registered for %s", endpoint.id(), endpoint.url());
        return endpoint;
    }

    public List<ObjectNode> endpoints() {
        return endpoints.values().stream().map(e -> {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            out.put("id", e.id());
            out.put("url", e.url());
            return out;
        }).toList();
    }

    public DeliverySettings settings() {
        return settings;
    }

    public DeliverySettings configure(DeliverySettings update) {
        DeliverySettings merged = settings.merge(update);
        if (!merged.valid()) {
            throw new ControlApiException("duplicate_rate must be within 0..1, shuffle_window >= 1,"
                    + " max_delay_ms >= 0 and retry_time_scale > 0");
        }
        settings = merged;
        return merged;
    }

    public List<DeliveryAttempt> attempts() {
        return List.copyOf(attempts);
    }

    /** Forgets endpoints, settings, attempts and pending retries; re-registers the configured endpoints. */
    public void reset() {
        generation++;
        synchronized (shuffleBuffer) {
            shuffleBuffer.clear();
        }
        endpoints.clear();
        attempts.clear();
        settings = DeliverySettings.DEFAULT;
        registerConfiguredEndpoints();
    }

    @Override
    public void emit(String type, ObjectNode data) {
        ObjectNode envelope = JsonNodeFactory.instance.objectNode();
        envelope.set("data", data);
        envelope.put("object", "event");
        envelope.put("type", type);
        envelope.put("timestamp", clock.millis());
        envelope.put("instance_id", config.instanceId());
        ObjectNode http = envelope.putObject("event_attributes").putObject("http_request");
        http.put("client_ip", "127.0.0.1");
        http.put("user_agent", "clerk-emulator");
        String payload = envelope.toString();
        for (WebhookEndpoint endpoint : endpoints.values()) {
            enqueue(new Message(Ids.next("msg"), endpoint, type, payload, generation));
        }
    }

    private void enqueue(Message message) {
        int window = settings.shuffleWindow();
        if (window <= 1) {
            send(message);
            return;
        }
        List<Message> ready = null;
        synchronized (shuffleBuffer) {
            shuffleBuffer.add(message);
            if (shuffleBuffer.size() >= window) {
                ready = drainShuffled();
            } else if (shuffleBuffer.size() == 1) {
                scheduler.schedule(this::flushShuffle, SHUFFLE_FLUSH_MS, TimeUnit.MILLISECONDS);
            }
        }
        if (ready != null) {
            ready.forEach(this::send);
        }
    }

    private void flushShuffle() {
        List<Message> ready;
        synchronized (shuffleBuffer) {
            ready = drainShuffled();
        }
        ready.forEach(this::send);
    }

    private List<Message> drainShuffled() {
        List<Message> ready = new ArrayList<>(shuffleBuffer);
        shuffleBuffer.clear();
        Collections.shuffle(ready);
        return ready;
    }

    private void send(Message message) {
        DeliverySettings current = settings;
        schedule(message, 1, randomDelay(current));
        if (current.duplicateRate() > 0 && ThreadLocalRandom.current().nextDouble() < current.duplicateRate()) {
            // Svix may deliver a message twice: same svix-id, same body
            schedule(message, 1, randomDelay(current));
        }
    }

    private static long randomDelay(DeliverySettings current) {
        return current.maxDelayMs() > 0 ? ThreadLocalRandom.current().nextLong(current.maxDelayMs() + 1) : 0;
    }

    private void schedule(Message message, int attempt, long delayMs) {
        if (delayMs <= 0) {
            scheduler.execute(() -> attempt(message, attempt));
        } else {
            scheduler.schedule(() -> attempt(message, attempt), delayMs, TimeUnit.MILLISECONDS);
        }
    }

    private void attempt(Message message, int attempt) {
        if (message.generation() != generation) {
            return;
        }
        long timestamp = clock.instant().getEpochSecond();
        String signature;
        try {
            signature = message.endpoint().signer().sign(message.svixId(), timestamp, message.payload());
        } catch (WebhookSigningException e) {
            record(message, attempt, null, "signing failed: " + e.getMessage(), timestamp);
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(message.endpoint().url()))
                .timeout(config.webhooks().timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "Svix-Webhooks/1.99.1 (clerk-emulator)")
                .header("svix-id", message.svixId())
                .header("svix-timestamp", Long.toString(timestamp))
                .header("svix-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(message.payload()))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            boolean ok = failure == null && response.statusCode() >= 200 && response.statusCode() < 300;
            record(message, attempt, failure == null ? response.statusCode() : null,
                    failure == null ? null : failure.getClass().getSimpleName() + ": " + failure.getMessage(),
                    timestamp);
            if (!ok) {
                retry(message, attempt);
            }
        });
    }

    private void retry(Message message, int attempt) {
        List<Duration> schedule = config.webhooks().retrySchedule();
        if (attempt >= schedule.size()) {
            LOG.warnf("webhook %s to %s failed after %d attempts", message.svixId(), message.endpoint().url(),
                    attempt);
            return;
        }
        long gap = (long) (schedule.get(attempt).toMillis() * settings.retryTimeScale());
        schedule(message, attempt + 1, gap);
    }

    private void record(Message message, int attempt, Integer status, String error, long svixTimestamp) {
        boolean ok = status != null && status >= 200 && status < 300;
        attempts.add(new DeliveryAttempt(message.svixId(), message.endpoint().id(), message.endpoint().url(),
                message.type(), attempt, status, ok, error, svixTimestamp, clock.millis()));
        while (attempts.size() > MAX_LOGGED_ATTEMPTS) {
            attempts.pollFirst();
        }
    }

    private static String newSecret() {
        byte[] key = new byte[24];
        new SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }
}
