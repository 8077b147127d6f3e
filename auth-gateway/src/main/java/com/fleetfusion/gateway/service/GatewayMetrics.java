package com.fleetfusion.gateway.service;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import com.fleetfusion.gateway.model.ProblemType;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The gateway's own meters: requests by route and status, auth failures by reason, upstream latency. */
@ApplicationScoped
public class GatewayMetrics {

    private final MeterRegistry registry;

    GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void request(String route, int status) {
        Counter.builder("gateway.requests").description("Requests answered, by route and status")
                .tag("route", route).tag("status", Integer.toString(status))
                .register(registry).increment();
    }

    public void authFailure(ProblemType reason) {
        Counter.builder("gateway.auth.failures").description("Refused session tokens, by reason")
                .tag("reason", reason.slug())
                .register(registry).increment();
    }

    public void upstream(String route, String outcome, Duration elapsed) {
        Timer.builder("gateway.upstream.duration").description("Time to the upstream's response headers")
                .tag("route", route).tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry).record(elapsed);
    }
}
