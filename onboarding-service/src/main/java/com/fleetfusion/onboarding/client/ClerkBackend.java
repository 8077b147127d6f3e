package com.fleetfusion.onboarding.client;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fleetfusion.clerk.client.ClerkCalls;
import com.fleetfusion.clerk.client.ClerkUnavailableException;
import com.fleetfusion.clerk.client.RetryAfterBackoff;
import com.fleetfusion.events.PrivateMetadataRedactor;
import com.fleetfusion.onboarding.config.ClerkConfig;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.faulttolerance.api.BeforeRetry;
import io.smallrye.faulttolerance.api.CustomBackoff;
import io.smallrye.mutiny.Uni;

/**
 * The Clerk Backend API with the call policy the saga relies on: a timeout per attempt, retries with exponential
 * backoff and jitter on 429 (after {@code Retry-After}), 5xx, unreachable and timed-out calls, none on other 4xx,
 * and a circuit breaker per operation. The numbers are configuration
 * ({@code quarkus.fault-tolerance."com.fleetfusion.onboarding.client.ClerkBackend".*}).
 * Every attempt is timed as {@code clerk_api_call_seconds{operation,outcome}}; retries are counted by
 * {@link ClerkRetryCounter}.
 */
@ApplicationScoped
@Timeout(3000)
@Retry(maxRetries = 3, delay = 200, maxDuration = 15000,
        retryOn = { ClerkUnavailableException.class, TimeoutException.class })
@CustomBackoff(RetryAfterBackoff.class)
@BeforeRetry(ClerkRetryCounter.class)
@CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 10000, successThreshold = 2,
        failOn = { ClerkUnavailableException.class, TimeoutException.class })
public class ClerkBackend {

    private static final PrivateMetadataRedactor REDACTOR = new PrivateMetadataRedactor();

    @Inject
    @RestClient
    ClerkBackendApi api;

    @Inject
    ObjectMapper mapper;

    @Inject
    MeterRegistry registry;

    /**
     * Declares {@code clerk.secret-key} and {@code clerk.retry.*}, which clerk-client reads per request: injected so
     * that the mapping is registered (a missing key fails the start, and {@code clerk.*} beside the session settings
     * validates).
     */
    @Inject
    ClerkConfig clerk;

    public Uni<Clerked<ClerkOrganization>> createOrganization(String name, String slug, String createdBy,
            Map<String, Object> publicMetadata, String sagaId) {
        ObjectNode body = mapper.createObjectNode().put("name", name).put("slug", slug).put("created_by", createdBy);
        body.set("public_metadata", mapper.valueToTree(publicMetadata));
        body.putObject("private_metadata").put(ClerkOrganization.SAGA_MARKER_KEY, sagaId);
        return call("CreateOrganization", () -> api.createOrganization(body), ClerkOrganization.class);
    }

    public Uni<Clerked<ClerkOrganization>> getOrganization(String organizationIdOrSlug) {
        return call("GetOrganization", () -> api.getOrganization(organizationIdOrSlug), ClerkOrganization.class);
    }

    public Uni<Clerked<ClerkDeletedObject>> deleteOrganization(String organizationId) {
        return call("DeleteOrganization", () -> api.deleteOrganization(organizationId), ClerkDeletedObject.class);
    }

    /** The user's membership in the organization, if any (Clerk filters the list by user_id). */
    public Uni<Optional<Clerked<ClerkOrganizationMembership>>> listOrganizationMemberships(String organizationId,
            String userId) {
        return call("ListOrganizationMemberships", () -> api.listOrganizationMemberships(organizationId, userId),
                JsonNode.class)
                .map(list -> {
                    for (JsonNode item : list.json().path("data")) {
                        if (userId.equals(item.path("public_user_data").path("user_id").asText(null))) {
                            ObjectNode json = (ObjectNode) item;
                            return Optional.of(new Clerked<>(
                                    mapper.convertValue(json, ClerkOrganizationMembership.class), json));
                        }
                    }
                    return Optional.empty();
                });
    }

    public Uni<Clerked<ClerkOrganizationMembership>> createOrganizationMembership(String organizationId,
            String userId, String role) {
        ObjectNode body = mapper.createObjectNode().put("user_id", userId).put("role", role);
        return call("CreateOrganizationMembership", () -> api.createOrganizationMembership(organizationId, body),
                ClerkOrganizationMembership.class);
    }

    public Uni<Clerked<ClerkOrganizationMembership>> updateOrganizationMembership(String organizationId,
            String userId, String role) {
        ObjectNode body = mapper.createObjectNode().put("role", role);
        return call("UpdateOrganizationMembership",
                () -> api.updateOrganizationMembership(organizationId, userId, body),
                ClerkOrganizationMembership.class);
    }

    public Uni<Clerked<ClerkUser>> getUser(String userId) {
        return call("GetUser", () -> api.getUser(userId), ClerkUser.class);
    }

    /** PATCH = deep merge: only the given public keys change, a null value removes its key. */
    public Uni<Clerked<ClerkUser>> updateUserMetadata(String userId, Map<String, Object> publicMetadata) {
        ObjectNode body = mapper.createObjectNode();
        body.set("public_metadata", mapper.valueToTree(publicMetadata));
        return call("UpdateUserMetadata", () -> api.updateUserMetadata(userId, body), ClerkUser.class);
    }

    /** One attempt: the fault-tolerance interceptor calls the public method again for each retry. */
    private <T> Uni<Clerked<T>> call(String operation, Supplier<Uni<ObjectNode>> request, Class<T> type) {
        return Uni.createFrom().deferred(() -> {
            Timer.Sample timing = Timer.start(registry);
            return ClerkCalls.attempt(operation, request.get())
                    .onTermination().invoke((json, failure, cancelled) ->
                            timing.stop(registry.timer("clerk.api.call", "operation", operation,
                                    "outcome", ClerkCalls.outcome(failure, cancelled))))
                    .map(json -> {
                        ObjectNode visible = withoutPrivateMetadata(json);
                        T typed = type == JsonNode.class ? type.cast(visible) : mapper.convertValue(json, type);
                        return new Clerked<>(typed, visible);
                    });
        });
    }

    /** A copy with every private_metadata removed, at any depth (memberships nest an organization). */
    ObjectNode withoutPrivateMetadata(ObjectNode json) {
        try {
            return (ObjectNode) mapper.readTree(REDACTOR.redact(mapper.writeValueAsBytes(json)));
        } catch (java.io.IOException impossible) {
            throw new java.io.UncheckedIOException(impossible);
        }
    }
}
