package com.fleetfusion.emulator.rest;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import com.fleetfusion.emulator.config.EmulatorConfig;
import com.fleetfusion.emulator.service.ClerkException;
import com.fleetfusion.emulator.service.Faults;
import com.fleetfusion.emulator.service.Faults.Fault;
import com.fleetfusion.emulator.service.RateLimiter;

import io.smallrye.mutiny.Uni;

/**
 * In front of every Backend API operation, in Clerk's order: the secret key (401), the instance's rate limit (429),
 * then the faults a test armed for the operation (a status, or a hang after which the call goes on normally: the
 * "client timed out but the server did it" case).
 */
public class BackendApiGuard {

    private static final Logger LOG = Logger.getLogger(BackendApiGuard.class);

    @Inject
    EmulatorConfig config;

    @Inject
    RateLimiter rateLimiter;

    @Inject
    Faults faults;

    @ServerRequestFilter
    public Uni<Response> guard(ContainerRequestContext request, ResourceInfo resourceInfo) {
        Method method = resourceInfo.getResourceMethod();
        ClerkOperation operation = method == null ? null : method.getAnnotation(ClerkOperation.class);
        if (operation == null) {
            return Uni.createFrom().nullItem();
        }
        Optional<ClerkException> refused = authenticate(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (refused.isPresent()) {
            return Uni.createFrom().item(ClerkErrors.response(refused.get()));
        }
        if (operation.rateLimited()) {
            OptionalLong wait = rateLimiter.acquire();
            if (wait.isPresent()) {
                return Uni.createFrom().item(ClerkErrors.response(ClerkException.tooManyRequests(wait.getAsLong())));
            }
        }
        Optional<Fault> fault = faults.take(operation.value());
        if (fault.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        Fault f = fault.get();
        if (f.hangMs() != null) {
            LOG.infof("fault: %s hangs %d ms", operation.value(), f.hangMs());
            return Uni.createFrom().<Response>nullItem().onItem().delayIt().by(Duration.ofMillis(f.hangMs()));
        }
        LOG.infof("fault: %s answers %d", operation.value(), f.status());
        return Uni.createFrom().item(ClerkErrors.response(switch (f.status()) {
            case 429 -> ClerkException.tooManyRequests(f.retryAfterSeconds());
            case 503 -> new ClerkException(503, "service_unavailable", "Service unavailable",
                    "The service is temporarily unavailable, please retry later.", java.util.Map.of(),
                    f.retryAfterSeconds());
            default -> new ClerkException(500, "internal_clerk_error", "Oops, an unexpected error occurred",
                    "There was an internal error on our servers. We've been notified and are working on fixing it.");
        }));
    }

    private Optional<ClerkException> authenticate(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ") || authorization.length() <= 7) {
            return Optional.of(new ClerkException(401, "authorization_header_format_invalid",
                    "Invalid Authorization header format",
                    "Invalid Authorization header format. Must be 'Bearer <YOUR_API_KEY>'"));
        }
        byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        byte[] expected = config.secretKey().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, expected)) {
            return Optional.of(new ClerkException(401, "clerk_key_invalid", "Secret Key invalid",
                    "The provided Clerk Secret Key is invalid. Make sure that your Clerk Secret Key is correct."));
        }
        return Optional.empty();
    }
}
