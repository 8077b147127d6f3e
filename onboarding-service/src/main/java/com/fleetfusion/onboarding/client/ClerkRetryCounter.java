package com.fleetfusion.onboarding.client;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.ExecutionContext;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

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
        registry.counter("clerk.api.retries", "operation", operation, "reason", reason(context.getFailure()))
                .increment();
    }

    private static String reason(Throwable failure) {
        if (failure instanceof TimeoutException) {
            return "timeout";
        }
        if (failure instanceof ClerkApiException clerk) {
            return clerk.status() == 0 ? "unreachable" : Integer.toString(clerk.status());
        }
        return "error";
    }
}
