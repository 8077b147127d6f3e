package com.fleetfusion.onboarding.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.oidc.Oidc;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.OidcTenantConfigBuilder;
import io.quarkus.oidc.runtime.OidcTenantConfig.ApplicationType;
import io.quarkus.oidc.runtime.OidcTenantConfig.SignatureAlgorithm;

/**
 * quarkus-oidc's default tenant from the Clerk settings: a PEM key ({@code CLERK_JWT_KEY}, no network), a JWKS URL
 * ({@code CLERK_JWKS_URL}, no discovery) or OIDC discovery at {@code CLERK_ISSUER}. Plain properties cannot switch
 * discovery off only when a JWKS URL is given, hence the code.
 */
@ApplicationScoped
public class ClerkOidcTenant {

    void createDefaultTenant(@Observes Oidc oidc, ClerkConfig clerk) {
        OidcTenantConfigBuilder builder = OidcTenantConfig.builder()
                .tenantId("Default")
                .applicationType(ApplicationType.SERVICE)
                .connectionTimeout(clerk.connectionTimeout());
        if (clerk.jwtKey().isPresent()) {
            builder.publicKey(clerk.jwtKey().get().replace("\\n", "\n")
                    .replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", ""));
        } else if (clerk.jwksUrl().isPresent()) {
            builder.authServerUrl(clerk.issuer()).discoveryEnabled(false).jwksPath(clerk.jwksUrl().get());
        } else {
            builder.authServerUrl(clerk.issuer());
        }
        oidc.create(builder.token()
                .issuer(clerk.issuer())
                .lifespanGrace((int) clerk.clockSkew().toSeconds())
                .signatureAlgorithm(SignatureAlgorithm.RS256)
                .allowJwtIntrospection(false)
                .allowOpaqueTokenIntrospection(false)
                .end()
                .build());
    }
}
