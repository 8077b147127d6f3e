package com.fleetfusion.onboarding.rest;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.jwt.consumer.Validator;

import com.fleetfusion.onboarding.config.ClerkConfig;

import io.quarkus.arc.Unremovable;

/**
 * Clerk's {@code azp} check, which quarkus-oidc does not do itself: when authorized parties are configured, a
 * token's {@code azp} must be one of them (Clerk's own SDK rejects a token without azp then too).
 */
@ApplicationScoped
@Unremovable
public class AuthorizedPartyValidator implements Validator {

    @Inject
    ClerkConfig clerk;

    @Override
    public String validate(JwtContext context) throws MalformedClaimException {
        List<String> allowed = clerk.authorizedParties().orElse(List.of());
        if (allowed.isEmpty()) {
            return null;
        }
        String azp = context.getJwtClaims().getClaimValueAsString("azp");
        return azp != null && allowed.contains(azp) ? null : "azp is not an authorized party";
    }
}
