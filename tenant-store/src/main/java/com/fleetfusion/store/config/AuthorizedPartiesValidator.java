package com.fleetfusion.store.config;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.jwt.consumer.Validator;

import io.quarkus.arc.Unremovable;

/**
 * Clerk's {@code azp} check (quarkus-oidc checks {@code aud}, which Clerk session tokens do not carry): when the
 * token names an authorized party and CLERK_AUTHORIZED_PARTIES is set, the party must be listed.
 */
@Unremovable
@ApplicationScoped
public class AuthorizedPartiesValidator implements Validator {

    private final List<String> authorizedParties;

    public AuthorizedPartiesValidator(ClerkConfig config) {
        this.authorizedParties = config.authorizedParties().orElse(List.of()).stream()
                .map(String::trim).filter(party -> !party.isEmpty()).toList();
    }

    @Override
    public String validate(JwtContext context) throws MalformedClaimException {
        String azp = context.getJwtClaims().getStringClaimValue("azp");
        if (azp == null || authorizedParties.isEmpty() || authorizedParties.contains(azp)) {
            return null;
        }
        return "azp is not an authorized party";
    }
}
