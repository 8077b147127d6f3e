package com.fleetfusion.gateway.health;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import com.fleetfusion.gateway.config.ClerkConfig;

import io.quarkus.oidc.runtime.TenantConfigBean;
import io.quarkus.oidc.runtime.TenantConfigContext;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/**
 * Ready once Clerk's signing keys are loaded (a PEM key always is). While the issuer is unreachable the app stays up
 * and each probe retries loading the keys, so the gateway becomes ready on its own when Clerk comes back.
 */
@Readiness
@ApplicationScoped
public class ClerkKeysReadiness implements AsyncHealthCheck {

    static final String NAME = "Clerk signing keys";

    private final TenantConfigBean tenants;
    private final ClerkConfig clerk;

    ClerkKeysReadiness(TenantConfigBean tenants, ClerkConfig clerk) {
        this.tenants = tenants;
        this.clerk = clerk;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        TenantConfigContext tenant = tenants.getDefaultTenant();
        if (tenant.ready()) {
            return Uni.createFrom().item(response(true));
        }
        return tenant.initialize()
                .map(TenantConfigContext::ready)
                .ifNoItem().after(clerk.connectionTimeout().plus(Duration.ofSeconds(1))).recoverWithItem(false)
                .onFailure().recoverWithItem(false)
                .map(this::response);
    }

    private HealthCheckResponse response(boolean ready) {
        String source = clerk.jwtKey().isPresent() ? "pem" : clerk.jwksUrl().isPresent() ? "jwks-url" : "discovery";
        return HealthCheckResponse.named(NAME).status(ready).withData("source", source)
                .withData("issuer", clerk.issuer()).build();
    }
}
