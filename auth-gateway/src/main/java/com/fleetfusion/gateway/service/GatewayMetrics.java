package com.fleetfusion.gateway.service;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.fleetfusion.problem.ProblemType;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The gateway's own meters: requests by route and status, auth failures by reason, upstream latency. Meters are
 * looked up once per tag combination: the request path must not pay for a registry lookup.
 */
@ApplicationScoped
public class GatewayMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> requests = new ConcurrentHashMap<>();
    private final Map<ProblemType, Counter> authFailures = new ConcurrentHashMap<>();
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
        requests.computeIfAbsent(route + ' ' + status, key -> Counter.builder("gateway.requests")
                .description("Requests answered, by route and status")
                .tag("route", route).tag("status", Integer.toString(status))
                .register(registry)).increment();
    }

    public void authFailure(ProblemType reason) {
        authFailures.computeIfAbsent(reason, key -> Counter.builder("gateway.auth.failures")
                .description("Refused session tokens, by reason")
                .tag("reason", reason.slug())
                .register(registry)).increment();
    }

    public void upstream(String route, String outcome, Duration elapsed) {
        upstream.computeIfAbsent(route + ' ' + outcome, key -> Timer.builder("gateway.upstream.duration")
                .description("Time to the upstream's response headers")
                .tag("route", route).tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry)).record(elapsed);
    }
}
