package com.fleetfusion.ingest.service;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Singleton;

import com.fleetfusion.ingest.model.IngestOutcome;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The service's own meters (Prometheus names): {@code webhook_deliveries_total{outcome,reason}},
 * {@code webhook_delay_seconds} (receipt minus svix-timestamp) and {@code webhook_publish_seconds{topic,result}}.
 */
@Singleton
public class IngestMetrics {

    public static final String REJECTED = "rejected";
    public static final String UNAVAILABLE = "unavailable";

    private final MeterRegistry registry;
    private final Timer delay;
    // outcome -> reason -> counter, topic -> [acknowledged, failed]: found without building a key on every delivery
    private final Map<String, Map<String, Counter>> deliveries = new ConcurrentHashMap<>();
    private final Map<String, Timer[]> publications = new ConcurrentHashMap<>();

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.delay = Timer.builder("webhook.delay")
                .description("Receipt time minus svix-timestamp of verified deliveries (Svix retries included)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                // Svix retries for about 28 hours
                .maximumExpectedValue(Duration.ofHours(30))
                .register(registry);
    }

    public void delivered(IngestOutcome outcome, String reason) {
        count(outcome.tag(), reason);
    }

    public void rejected(String reason) {
        count(REJECTED, reason);
    }

    public void unavailable(String reason) {
        count(UNAVAILABLE, reason);
    }

    /** Records the webhook delay; a receiver clock behind the sender's counts as no delay. */
    public void delay(long receivedAtMillis, long svixEpochSeconds) {
        delay.record(Math.max(0, receivedAtMillis - svixEpochSeconds * 1000), TimeUnit.MILLISECONDS);
    }

    public void published(String topic, boolean acknowledged, long nanos) {
        Timer[] timers = publications.get(topic);
        if (timers == null) {
            timers = publications.computeIfAbsent(topic, t -> new Timer[] { publishTimer(t, "acknowledged"), publishTimer(t, "failed") });
        }
        timers[acknowledged ? 0 : 1].record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer publishTimer(String topic, String result) {
        return Timer.builder("webhook.publish")
                .description("Time from send to the brokers' acknowledgement (or failure) of one record")
                .tag("topic", topic)
                .tag("result", result)
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofSeconds(15))
                .register(registry);
    }

    private void count(String outcome, String reason) {
        Map<String, Counter> byReason = deliveries.computeIfAbsent(outcome, o -> new ConcurrentHashMap<>());
        Counter counter = byReason.get(reason);
        if (counter == null) {
            counter = byReason.computeIfAbsent(reason, r -> Counter.builder("webhook.deliveries")
                    .description("Webhook deliveries by outcome (accepted, duplicate, rejected, dead_lettered, unavailable)")
                    .tag("outcome", outcome)
                    .tag("reason", reason)
                    .register(registry));
        }
        counter.increment();
    }
}
