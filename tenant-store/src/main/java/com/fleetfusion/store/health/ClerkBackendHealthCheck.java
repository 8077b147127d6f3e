package com.fleetfusion.store.health;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fleetfusion.clerk.client.ClerkApiException;
import com.fleetfusion.store.client.ClerkBackendApi;
import com.fleetfusion.store.config.TenantStoreConfig;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.health.api.HealthGroup;
import io.smallrye.mutiny.Uni;

/**
 * Whether the Clerk Backend API answers with our key ({@code GET /v1/jwks}, which Clerk does not rate-limit), in the
 * {@code clerk} group ({@code /q/health/group/clerk}), not in readiness: the lookups do not need Clerk, only
 * reconciliation does. An answer is reused for {@code tenant-store.clerk-health.cache-for} (at most 30 s).
 */
@HealthGroup("clerk")
@ApplicationScoped
public class ClerkBackendHealthCheck implements AsyncHealthCheck {

    private static final String NAME = "Clerk Backend API";

    private record Cached(HealthCheckResponse response, long atNanos) {
    }

    @Inject
    @RestClient
    ClerkBackendApi api;

    @Inject
    TenantStoreConfig config;

    private volatile Cached cached;

    @Override
    public Uni<HealthCheckResponse> call() {
        Cached last = cached;
        Duration cacheFor = config.clerkHealth().cacheFor();
        if (last != null && System.nanoTime() - last.atNanos() < cacheFor.toNanos()) {
            return Uni.createFrom().item(last.response());
        }
        return api.getJWKS()
                .ifNoItem().after(config.clerkHealth().timeout()).fail()
                .map(jwks -> HealthCheckResponse.named(NAME).up().withData("keys", jwks.path("keys").size()).build())
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named(NAME).down()
                        .withData("error", failure instanceof ClerkApiException clerk
                                ? clerk.getMessage() : failure.getClass().getSimpleName())
                        .build())
                .invoke(response -> cached = new Cached(response, System.nanoTime()));
    }
}
