package com.fleetfusion.onboarding.client;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.ExecutionContext;

import com.fleetfusion.clerk.client.ClerkApiException;
import com.fleetfusion.clerk.client.ClerkCalls;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.BeforeRetryHandler;

/** Counts {@code clerk_api_retries_total{operation,reason}} before each retry of a {@link ClerkBackend} call. */
@Dependent
public class ClerkRetryCounter implements BeforeRetryHandler {

    @Inject
    MeterRegistry registry;

    @Override
    public void handle(ExecutionContext context) {
        String operation = ClerkApiException.operationOf(context.getMethod());
        String reason = ClerkCalls.outcome(context.getFailure(), false);
        registry.counter("clerk.api.retries", "operation", operation, "reason", reason).increment();
    }
}
