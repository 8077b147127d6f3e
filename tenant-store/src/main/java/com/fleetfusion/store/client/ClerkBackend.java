package com.fleetfusion.store.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fleetfusion.clerk.client.ClerkApiException;
import com.fleetfusion.clerk.client.ClerkCalls;
import com.fleetfusion.clerk.client.ClerkUnavailableException;
import com.fleetfusion.clerk.client.RetryAfterBackoff;
import com.fleetfusion.store.config.ClerkConfig;
import com.fleetfusion.store.config.TenantStoreConfig;
import com.fleetfusion.store.model.ClerkObjectKind;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.CustomBackoff;
import io.smallrye.mutiny.Uni;

/**
 * The Backend API reads of a reconciliation run, with its call policy: every attempt (retries included) waits for
 * its slot under {@code RECONCILE_REQUESTS_PER_SECOND}; a timeout per attempt; retries of the same request (same
 * page, same offset: the run resumes where it stopped) on 429, 5xx, no answer and timeouts, after
 * {@code Retry-After} when Clerk gives one; none on other 4xx. The numbers are configuration
 * ({@code quarkus.fault-tolerance."com.fleetfusion.store.client.ClerkBackend".*}). When the retries are spent
 * the call fails and so does the run. Attempts are counted as
 * {@code tenant_store_reconcile_requests_total{operation,outcome}}.
 */
@ApplicationScoped
@Timeout(10000)
@Retry(maxRetries = 8, delay = 500, maxDuration = 300000,
        retryOn = { ClerkUnavailableException.class, TimeoutException.class })
@CustomBackoff(RetryAfterBackoff.class)
public class ClerkBackend {

    /** Oldest first: objects created during a run land on the pages still to come. */
    static final String ORDER = "+created_at";

    @Inject
    @RestClient
    ClerkBackendApi api;

    @Inject
    MeterRegistry registry;

    @Inject
    TenantStoreConfig config;

    /**
     * Declares {@code clerk.secret-key} and {@code clerk.retry.*}, which clerk-client reads per request: injected so
     * that the mapping is registered (a missing key fails the start, and {@code clerk.*} beside the session settings
     * validates).
     */
    @Inject
    ClerkConfig clerk;

    private final AtomicLong requests = new AtomicLong();
    private long nextSlotNanos = System.nanoTime();

    /** One page of the listing of a kind, oldest first. */
    public Uni<ClerkPage> page(ClerkObjectKind kind, int limit, int offset) {
        return switch (kind) {
            case USERS -> call("GetUserList", () -> api.getUserList(limit, offset, ORDER, List.of())
                    .map(users -> new ClerkPage(elements(users), null)));
            case ORGANIZATIONS -> call("ListOrganizations",
                    () -> api.listOrganizations(limit, offset, ORDER, List.of()).map(ClerkBackend::page));
            case MEMBERSHIPS -> call("InstanceGetOrganizationMemberships",
                    () -> api.instanceGetOrganizationMemberships(limit, offset, ORDER).map(ClerkBackend::page));
        };
    }

    /** The users among {@code ids} (at most 100) that exist. */
    public Uni<List<JsonNode>> users(List<String> ids) {
        return call("GetUserList", () -> api.getUserList(ids.size(), 0, ORDER, ids).map(ClerkBackend::elements));
    }

    /** The organizations among {@code ids} (at most 100) that exist. */
    public Uni<List<JsonNode>> organizations(List<String> ids) {
        return call("ListOrganizations",
                () -> api.listOrganizations(ids.size(), 0, ORDER, ids).map(list -> elements(list.path("data"))));
    }

    /**
     * The memberships of the organization held by {@code userIds} (at most 100); empty when Clerk answers that the
     * organization does not exist (404 {@code resource_not_found}). Any other failure fails the Uni.
     */
    public Uni<Optional<List<JsonNode>>> organizationMemberships(String organizationId, List<String> userIds) {
        return call("ListOrganizationMemberships",
                () -> notFoundAsEmpty(api.listOrganizationMemberships(organizationId, userIds, userIds.size())
                        .map(list -> elements(list.path("data")))));
    }

    /** The user read by id; empty only when Clerk answers 404 {@code resource_not_found}. */
    public Uni<Optional<JsonNode>> user(String userId) {
        return call("GetUser", () -> notFoundAsEmpty(api.getUser(userId).map(JsonNode.class::cast)));
    }

    /** The organization read by id; empty only when Clerk answers 404 {@code resource_not_found}. */
    public Uni<Optional<JsonNode>> organization(String organizationId) {
        return call("GetOrganization",
                () -> notFoundAsEmpty(api.getOrganization(organizationId).map(JsonNode.class::cast)));
    }

    /** The id of the instance the secret key belongs to; empty where the API does not offer GET /v1/instance. */
    public Uni<Optional<String>> instanceId() {
        return call("GetInstance", () -> api.getInstance()
                .map(instance -> Optional.ofNullable(instance.path("id").asText(null)))
                .onFailure(failure -> failure instanceof ClerkApiException clerk && clerk.status() == 404)
                .recoverWithItem(Optional.empty()));
    }

    /** Clerk's answer that the object does not exist: the only proof of absence reconciliation accepts. */
    public static boolean notFound(Throwable failure) {
        return failure instanceof ClerkApiException clerk && clerk.status() == 404
                && clerk.hasCode("resource_not_found");
    }

    private static <T> Uni<Optional<T>> notFoundAsEmpty(Uni<T> read) {
        return read.map(Optional::ofNullable).onFailure(ClerkBackend::notFound).recoverWithItem(Optional.empty());
    }

    /** Backend API attempts made since start-up. */
    public long requests() {
        return requests.get();
    }

    /** One attempt: the fault-tolerance interceptor calls the public method again for each retry. */
    private <T> Uni<T> call(String operation, Supplier<Uni<T>> request) {
        return Uni.createFrom().deferred(() -> slot().chain(() -> {
            requests.incrementAndGet();
            return ClerkCalls.attempt(operation, request.get())
                    .onTermination().invoke((item, failure, cancelled) -> registry.counter(
                            "tenant_store.reconcile.requests", "operation", operation,
                            "outcome", ClerkCalls.outcome(failure, cancelled)).increment());
        }));
    }

    /** Waits for the next free slot of the request rate (evenly spaced, no bursts). */
    private Uni<Void> slot() {
        long intervalNanos = (long) (1_000_000_000L / config.reconcile().requestsPerSecond());
        long waitNanos;
        synchronized (this) {
            long now = System.nanoTime();
            long at = Math.max(now, nextSlotNanos);
            nextSlotNanos = at + intervalNanos;
            waitNanos = at - now;
        }
        long waitMillis = (waitNanos + 999_999) / 1_000_000;
        Uni<Void> now = Uni.createFrom().voidItem();
        return waitMillis <= 0 ? now : now.onItem().delayIt().by(Duration.ofMillis(waitMillis));
    }

    private static ClerkPage page(JsonNode list) {
        JsonNode total = list.path("total_count");
        return new ClerkPage(elements(list.path("data")), total.isIntegralNumber() ? total.asLong() : null);
    }

    private static List<JsonNode> elements(JsonNode array) {
        List<JsonNode> items = new ArrayList<>(array.size());
        array.forEach(items::add);
        return items;
    }
}
