package com.fleetfusion.gateway.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.oidc.Oidc;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.OidcTenantConfigBuilder;
import io.quarkus.oidc.runtime.OidcTenantConfig.ApplicationType;
import io.quarkus.oidc.runtime.OidcTenantConfig.SignatureAlgorithm;

/**
 * Builds quarkus-oidc's default tenant from the Clerk settings, because the three key sources (PEM key, JWKS URL,
 * discovery) need different shapes of OIDC configuration that plain properties cannot switch between.
 */
@ApplicationScoped
public class ClerkOidcSetup {

    /** quarkus-oidc's id of the default tenant. */
    private static final String DEFAULT_TENANT = "Default";

    void createDefaultTenant(@Observes Oidc oidc, ClerkConfig clerk) {
        oidc.create(tenantConfig(clerk));
    }

    static OidcTenantConfig tenantConfig(ClerkConfig clerk) {
        OidcTenantConfigBuilder builder = OidcTenantConfig.builder()
                .tenantId(DEFAULT_TENANT)
                .applicationType(ApplicationType.SERVICE)
                .connectionTimeout(clerk.connectionTimeout());
        if (clerk.jwtKey().isPresent()) {
            builder.publicKey(pemBody(clerk.jwtKey().get()));
        } else if (clerk.jwksUrl().isPresent()) {
            builder.authServerUrl(clerk.issuer()).discoveryEnabled(false).jwksPath(clerk.jwksUrl().get());
        } else {
            builder.authServerUrl(clerk.issuer());
        }
        return builder.token()
                .issuer(clerk.issuer())
                .lifespanGrace((int) clerk.clockSkew().toSeconds())
                .forcedJwkRefreshInterval(clerk.jwksRefreshInterval())
                .signatureAlgorithm(SignatureAlgorithm.RS256)
                // Clerk has no introspection endpoint; an unknown key must fail, not call out
                .allowJwtIntrospection(false)
                .allowOpaqueTokenIntrospection(false)
                .end()
                .build();
    }

    /** The base64 body of a PEM public key, as an environment variable may carry it (real or escaped newlines). */
    static String pemBody(String pem) {
        return pem.replace("\\n", "\n")
                .replaceAll("-----(BEGIN|END) [A-Z ]+-----", "")
                .replaceAll("\\s", "");
    }
}
