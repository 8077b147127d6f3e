package com.fleetfusion.gateway.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

import jakarta.inject.Singleton;

import com.fleetfusion.problem.ProblemType;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The gateway's own meters: requests by route and status, auth failures by reason, upstream latency. Meters are
 * looked up once per tag combination: the request path must not pay for a registry lookup.
 */
@Singleton
public class GatewayMetrics {

    /** Statuses below this index their meters in an array per route; any other status goes through a map. */
    private static final int STATUSES = 600;

    private final MeterRegistry registry;
    // route -> status -> meter: found without building a key string on every request
    private final Map<String, AtomicReferenceArray<Counter>> requests = new ConcurrentHashMap<>();
    private final Map<String, Counter> otherRequests = new ConcurrentHashMap<>();
    private final Map<ProblemType, Counter> authFailures = new ConcurrentHashMap<>();
    private final Map<String, AtomicReferenceArray<Timer>> upstreamByStatus = new ConcurrentHashMap<>();
    private final Map<String, Timer> upstream = new ConcurrentHashMap<>();
    private final Counter verifications;

    GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.verifications = Counter.builder("gateway.token.verifications")
                .description("Session tokens verified in full (signature and claims), i.e. not answered from a cache")
                .register(registry);
    }

    /** A token goes through the full verification (signature and claims): the expensive path. */
    public void verification() {
        verifications.increment();
    }

    public void request(String route, int status) {
        if (status < 0 || status >= STATUSES) {
            otherRequests.computeIfAbsent(route + ' ' + status, key -> requestCounter(route, status)).increment();
            return;
        }
        AtomicReferenceArray<Counter> byStatus = requests.computeIfAbsent(route,
                key -> new AtomicReferenceArray<>(STATUSES));
        Counter counter = byStatus.get(status);
        if (counter == null) {
            // a race registers the same meter twice: the registry returns the one it has
            counter = requestCounter(route, status);
            byStatus.set(status, counter);
        }
        counter.increment();
    }

    private Counter requestCounter(String route, int status) {
        return Counter.builder("gateway.requests")
                .description("Requests answered, by route and status")
                .tag("route", route).tag("status", Integer.toString(status))
                .register(registry);
    }

    public void authFailure(ProblemType reason) {
        authFailures.computeIfAbsent(reason, key -> Counter.builder("gateway.auth.failures")
                .description("Refused session tokens, by reason")
                .tag("reason", reason.slug())
                .register(registry)).increment();
    }

    /** The upstream answered with {@code status} after {@code nanos}. */
    public void upstream(String route, int status, long nanos) {
        if (status < 0 || status >= STATUSES) {
            upstream(route, Integer.toString(status), nanos);
            return;
        }
        AtomicReferenceArray<Timer> byStatus = upstreamByStatus.computeIfAbsent(route,
                key -> new AtomicReferenceArray<>(STATUSES));
        Timer timer = byStatus.get(status);
        if (timer == null) {
            timer = upstreamTimer(route, Integer.toString(status));
            byStatus.set(status, timer);
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The upstream call ended with {@code outcome} (a problem type's slug) after {@code nanos}. */
    public void upstream(String route, String outcome, long nanos) {
        upstream.computeIfAbsent(route + ' ' + outcome, key -> upstreamTimer(route, outcome))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer upstreamTimer(String route, String outcome) {
        return Timer.builder("gateway.upstream.duration")
                .description("Time to the upstream's response headers")
                .tag("route", route).tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry);
    }
}
