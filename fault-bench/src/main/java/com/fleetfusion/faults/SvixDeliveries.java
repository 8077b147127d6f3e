package com.fleetfusion.faults;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Delivers events to webhook-ingest as Svix does: each attempt signed afresh ({@code v1,} HMAC-SHA256 of
 * {@code id.timestamp.body}), the replicas taken in turn (as a round-robin front would), any non-2xx answer or a
 * timeout retried with a growing backoff (Svix's schedule compressed: 0.5 s doubling up to 8 s) until it is answered
 * 2xx; and, as Svix's at-least-once delivery does, a small share of messages delivered a second time after their
 * first 2xx. Remembers every event answered 2xx: the model's input.
 */
final class SvixDeliveries {

    private static final double DUPLICATE_RATE = 0.02;
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Attempts in flight at once, as Svix limits its concurrency per endpoint; the others wait their turn. Without a
     * bound an outage piles up one connection per waiting attempt until the generator runs out of file descriptors.
     */
    private static final int MAX_IN_FLIGHT = 256;

    private final List<URI> endpoints;
    private final byte[] key;
    private final Timeline timeline;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService retries = Executors.newScheduledThreadPool(2);
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong pending = new AtomicLong();
    private final Map<String, ClerkEvent> acknowledged = new ConcurrentHashMap<>();
    private final Set<String> sent = ConcurrentHashMap.newKeySet();
    private final Semaphore slots = new Semaphore(MAX_IN_FLIGHT);
    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();

    SvixDeliveries(List<String> ingestBaseUrls, String whsecSecret, Timeline timeline) {
        this.endpoints = ingestBaseUrls.stream().map(url -> URI.create(url + "/webhooks/clerk")).toList();
        this.key = Base64.getDecoder().decode(whsecSecret.substring("whsec_".length()));
        this.timeline = timeline;
    }

    /** Delivers a new message. */
    void deliver(ClerkEvent event) {
        sent.add(event.svixId());
        pending.incrementAndGet();
        attempt(event, 0, true);
    }

    private void attempt(ClerkEvent event, int attempt, boolean mayDuplicate) {
        waiting.add(() -> send(event, attempt, mayDuplicate));
        sendWaiting();
    }

    /** Starts waiting attempts while a slot is free; called again whenever an attempt ends. */
    private void sendWaiting() {
        while (!waiting.isEmpty() && slots.tryAcquire()) {
            Runnable next = waiting.poll();
            if (next == null) {
                slots.release();
                return;
            }
            next.run();
        }
    }

    private void send(ClerkEvent event, int attempt, boolean mayDuplicate) {
        URI endpoint = endpoints.get(Math.floorMod(next.getAndIncrement(), endpoints.size()));
        long timestamp = System.currentTimeMillis() / 1000;
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(ATTEMPT_TIMEOUT)
                .header("content-type", "application/json")
                .header("svix-id", event.svixId())
                .header("svix-timestamp", Long.toString(timestamp))
                .header("svix-signature", sign(event.svixId(), timestamp, event.bodyBytes()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(event.bodyBytes())).build();
        if (attempt > 0) {
            timeline.count(Timeline.Counter.RETRIES);
        }
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            slots.release();
            retries.execute(this::sendWaiting);
            int status = failure == null ? response.statusCode() : 0;
            if (status / 100 == 2) {
                timeline.count(Timeline.Counter.ACCEPTED);
                acknowledged.putIfAbsent(event.svixId(), event);
                if (mayDuplicate && ThreadLocalRandom.current().nextDouble() < DUPLICATE_RATE) {
                    pending.incrementAndGet();
                    retries.schedule(() -> {
                        timeline.count(Timeline.Counter.DUPLICATES);
                        attempt(event, 0, false);
                    }, 200 + ThreadLocalRandom.current().nextInt(3000), TimeUnit.MILLISECONDS);
                }
                pending.decrementAndGet();
                return;
            }
            timeline.count(status == 503 ? Timeline.Counter.REJECTED_503 : Timeline.Counter.FAILED_OTHER);
            long backoff = Math.min(8000, 500L << Math.min(attempt, 4));
            retries.schedule(() -> attempt(event, attempt + 1, mayDuplicate),
                    backoff + ThreadLocalRandom.current().nextLong(backoff / 4 + 1), TimeUnit.MILLISECONDS);
        });
    }

    private String sign(String svixId, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((svixId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Messages (and duplicates) not answered 2xx yet, retries included. */
    long pending() {
        return pending.get();
    }

    /** Every event answered 2xx at least once. */
    Map<String, ClerkEvent> acknowledged() {
        return acknowledged;
    }

    int sentMessages() {
        return sent.size();
    }

    void close() {
        retries.shutdownNow();
    }
}
