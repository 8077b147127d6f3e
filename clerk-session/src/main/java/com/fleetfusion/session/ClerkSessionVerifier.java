package com.fleetfusion.session;

import java.io.IOException;
import java.security.PublicKey;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

/**
 * The one verification of a Clerk session token, the same in every service: RS256 only, a signature by a key of
 * {@link ClerkKeys} (an unknown kid refetches the JWKS, rate-limited, then tries once more), {@code iss} equal to
 * {@code CLERK_ISSUER}, {@code exp} and {@code nbf} with the skew, then {@link SessionRules}. Every refusal is a
 * {@link SessionRefusedException} naming its {@link SessionRefusal}; checks run in that order, so the first one broken
 * names the refusal.
 * <p>
 * With the keys in memory the verification is synchronous ({@link #verifySignature}); the reactive entry points only
 * wait for a JWKS read.
 */
@ApplicationScoped
public class ClerkSessionVerifier {

    private static final AlgorithmConstraints RS256_ONLY = new AlgorithmConstraints(
            AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256);

    private final ClerkKeys keys;
    private final SessionRules rules;
    private final String issuer;
    private final long skewSeconds;
    private final ObjectMapper json = new ObjectMapper();

    public ClerkSessionVerifier(ClerkKeys keys, ClerkSessionConfig config) {
        this.keys = keys;
        this.rules = new SessionRules(config.authorizedParties(), config.clockSkew());
        this.issuer = config.issuer();
        this.skewSeconds = config.clockSkew().toSeconds();
    }

    public SessionRules rules() {
        return rules;
    }

    /** The session of a token that passes every check now. */
    public Uni<SessionContext> verify(SessionToken token) {
        return verifySignatureAsync(token.value())
                .map(verified -> rules.check(verified, Instant.now().getEpochSecond()));
    }

    /** As {@link #verifySignature}, refetching the JWKS (rate-limited) once for an unknown kid. */
    public Uni<VerifiedSession> verifySignatureAsync(String token) {
        try {
            return Uni.createFrom().item(verifySignature(token));
        } catch (SessionRefusedException refused) {
            if (refused.refusal() != SessionRefusal.TOKEN_UNKNOWN_KEY
                    && refused.refusal() != SessionRefusal.KEYS_UNAVAILABLE) {
                return Uni.createFrom().failure(refused);
            }
            Uni<Void> read = refused.refusal() == SessionRefusal.KEYS_UNAVAILABLE ? keys.ensureLoaded()
                    : keys.refetchForUnknownKid();
            return read.map(ignored -> verifySignature(token));
        }
    }

    /**
     * Signature, {@code iss}, {@code exp} and {@code nbf} with the keys in memory; Clerk's rules are left to
     * {@link SessionRules#check} so that a cache can apply them again on every use.
     *
     * @throws SessionRefusedException for a token that does not pass, {@link SessionRefusal#TOKEN_UNKNOWN_KEY}
     *         when no key has its kid, {@link SessionRefusal#KEYS_UNAVAILABLE} before any key was read
     */
    public VerifiedSession verifySignature(String token) {
        JsonWebSignature jws = new JsonWebSignature();
        try {
            jws.setCompactSerialization(token);
        } catch (JoseException | RuntimeException e) {
            throw new SessionRefusedException(SessionRefusal.TOKEN_MALFORMED, "the token cannot be parsed");
        }
        if (!AlgorithmIdentifiers.RSA_USING_SHA256.equals(jws.getAlgorithmHeaderValue())) {
            // alg none, HS256 with the public key as secret, ...: refused before any key is looked at
            throw new SessionRefusedException(SessionRefusal.TOKEN_ALGORITHM, "only RS256 session tokens are accepted");
        }
        PublicKey key = keys.key(jws.getKeyIdHeaderValue());
        if (key == null) {
            throw keys.loaded()
                    ? new SessionRefusedException(SessionRefusal.TOKEN_UNKNOWN_KEY, "no Clerk key has the token's kid")
                    : new SessionRefusedException(SessionRefusal.KEYS_UNAVAILABLE, "Clerk's keys could not be loaded");
        }
        jws.setAlgorithmConstraints(RS256_ONLY);
        jws.setKey(key);
        boolean valid;
        try {
            valid = jws.verifySignature();
        } catch (JoseException | RuntimeException e) {
            throw new SessionRefusedException(SessionRefusal.TOKEN_MALFORMED, "the token's signature cannot be read");
        }
        if (!valid) {
            throw new SessionRefusedException(SessionRefusal.TOKEN_SIGNATURE, "the signature does not verify");
        }
        JsonNode claims = payload(jws);
        long now = Instant.now().getEpochSecond();
        JsonNode exp = claims.get("exp");
        if (exp == null || !exp.canConvertToLong()) {
            throw new SessionRefusedException(SessionRefusal.TOKEN_MALFORMED, "the token has no exp");
        }
        if (exp.asLong() + skewSeconds <= now) {
            throw new SessionRefusedException(SessionRefusal.TOKEN_EXPIRED, "exp is past");
        }
        JsonNode nbf = claims.get("nbf");
        if (nbf != null && nbf.canConvertToLong() && nbf.asLong() > now + skewSeconds) {
            throw new SessionRefusedException(SessionRefusal.TOKEN_NOT_YET_VALID, "nbf is in the future");
        }
        JsonNode iss = claims.get("iss");
        if (iss == null || !iss.isTextual() || !issuer.equals(iss.asText())) {
            throw new SessionRefusedException(SessionRefusal.TOKEN_ISSUER, "iss is not the configured Clerk issuer");
        }
        JsonNode iat = claims.get("iat");
        JsonNode azp = claims.get("azp");
        JsonNode sub = claims.get("sub");
        return new VerifiedSession(exp.asLong(), iat != null && iat.canConvertToLong(),
                iat == null ? 0 : iat.asLong(),
                azp == null || !azp.isTextual() || azp.asText().isEmpty() ? null : azp.asText(),
                sub != null && sub.isTextual() && !sub.asText().isBlank(),
                "pending".equals(claims.path("sts").asText()), SessionClaims.toContext(claims));
    }

    private JsonNode payload(JsonWebSignature jws) {
        try {
            JsonNode claims = json.readTree(jws.getUnverifiedPayloadBytes());
            if (claims == null || !claims.isObject()) {
                throw new SessionRefusedException(SessionRefusal.TOKEN_MALFORMED, "the payload is not a JSON object");
            }
            return claims;
        } catch (IOException e) {
            throw new SessionRefusedException(SessionRefusal.TOKEN_MALFORMED, "the payload is not JSON");
        }
    }
}
