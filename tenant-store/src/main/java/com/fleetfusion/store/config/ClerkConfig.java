package com.fleetfusion.store.config;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** Clerk settings that quarkus-oidc has no property for. */
@ConfigMapping(prefix = "clerk")
public interface ClerkConfig {

    /** CLERK_AUTHORIZED_PARTIES: the origins a token's {@code azp} may name; empty means any. */
    Optional<List<String>> authorizedParties();
}
