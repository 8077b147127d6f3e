package com.fleetfusion.gateway.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.lang.InvalidAlgorithmException;
import org.jose4j.lang.UnresolvableKeyException;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fleetfusion.gateway.config.ClerkConfig;
import com.fleetfusion.gateway.model.GatewayException;
import com.fleetfusion.gateway.model.ProblemType;
import com.fleetfusion.gateway.model.SessionContext;
import com.fleetfusion.gateway.model.SessionToken;

import io.netty.util.AsciiString;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.OIDCException;
import io.quarkus.oidc.TenantIdentityProvider;
import io.smallrye.mutiny.Uni;

/**
 * Verifies a Clerk session token: quarkus-oidc checks the RS256 signature against Clerk's keys (refetching the JWKS on
 * an unknown kid, rate-limited), iss, exp and nbf with the configured skew; this class adds Clerk's own rules
 * (docs/clerk-facts.md, "Required validations"): iat not in the future, a subject, azp among the authorized parties
 * (required on a cookie), no pending session.
 * Every refusal is typed and counted.
 * <p>
 * Two caches spare the signature verification (the expensive part, ~150-200 µs of CPU): tokens verified before (their
 * exp and Clerk's rules are re-checked on every use), and tokens refused before for a lasting reason, keyed by their
 * SHA-256, so that replaying an expired or forged token does not cost a verification per request. A refusal that can
 * turn into a pass (an unknown kid awaiting the JWKS refetch, keys not loaded, nbf or iat ahead, an unclassified
 * failure) is never remembered, so a key rotation still needs no restart.
 */
@ApplicationScoped
public class SessionVerifier {

    private static final String RS256 = "RS256";
    /**
     * Refusals that stay true of a token whatever the time, the keys or the transport: an exp in the past, another
     * issuer, no subject, not a JWT, not RS256, a signature that does not verify with the key of its kid (a key is
     * only replaced under a new kid; the cache's ttl bounds the rest). None depends on cookie or bearer.
     */
    private static final Set<ProblemType> LASTING = EnumSet.of(ProblemType.TOKEN_EXPIRED, ProblemType.TOKEN_SIGNATURE,
            ProblemType.TOKEN_ISSUER, ProblemType.TOKEN_SUBJECT_MISSING, ProblemType.TOKEN_MALFORMED,
            ProblemType.TOKEN_ALGORITHM);

    private final TenantIdentityProvider identityProvider;
    private final ClerkConfig clerk;
    private final GatewayMetrics metrics;
    private final ObjectMapper json;
    private final long skewSeconds;
    /** Verified token -> its claims (the signature, iss, nbf checks passed once), read once. */
    private final Cache<String, VerifiedClaims> verifiedClaims;
    /** SHA-256 of a token refused for a lasting reason -> that refusal. */
    private final Cache<String, Refusal> refusedTokens;

    SessionVerifier(TenantIdentityProvider identityProvider, ClerkConfig clerk, GatewayMetrics metrics,
            ObjectMapper json) {
        this.identityProvider = identityProvider;
        this.clerk = clerk;
        this.metrics = metrics;
        this.json = json;
        this.skewSeconds = clerk.clockSkew().toSeconds();
        this.verifiedClaims = Caffeine.newBuilder().maximumSize(clerk.verifiedTokens().maxSize())
                .expireAfterWrite(clerk.verifiedTokens().ttl()).build();
        this.refusedTokens = Caffeine.newBuilder().maximumSize(clerk.refusedTokens().maxSize())
                .expireAfterWrite(clerk.refusedTokens().ttl()).build();
    }

    /** What a remembered refusal answers again: the same problem type and detail. */
    private record Refusal(ProblemType type, String detail) {
    }

    /** A verified session and the credential the upstream gets for it. */
    public record Verified(SessionContext session, AsciiString upstreamAuthorization) {

        @Override
        public String toString() {
            // never let a token reach a log line
            return "Verified[" + session + "]";
        }
    }

    public Uni<SessionContext> verify(SessionToken token) {
        return verifySession(token).map(Verified::session);
    }

    /** As {@link #verify}, with the {@code Authorization} value to send upstream. */
    public Uni<Verified> verifySession(SessionToken token) {
        Verified known;
        try {
            known = verifiedBefore(token);
        } catch (GatewayException refused) {
            return Uni.createFrom().failure(refused);
        }
        return known != null ? Uni.createFrom().item(known) : verifyInFull(token);
    }

    /**
     * The full verification (signature through quarkus-oidc, then Clerk's rules) of a token that
     * {@link #verifiedBefore} knows nothing of; a refusal for a lasting reason is remembered.
     */
    public Uni<Verified> verifyInFull(SessionToken token) {
        Uni<Verified> verified;
        try {
            JsonNode header = decodePart(token.value(), 0);
            if (!RS256.equals(header.path("alg").asText())) {
                // alg none, HS256 with the public key as secret, ...: refused before any key is looked at
                throw new GatewayException(ProblemType.TOKEN_ALGORITHM, "only RS256 session tokens are accepted");
            }
            metrics.verification();
            verified = identityProvider.authenticate(new AccessTokenCredential(token.value()))
                    .onFailure().transform(failure -> refusal(failure, token))
                    .onFailure(GatewayException.class).invoke(refused -> remember(token, (GatewayException) refused))
                    .map(identity -> {
                        VerifiedClaims claims = VerifiedClaims.of(decodePart(token.value(), 1), token);
                        verifiedClaims.put(token.value(), claims);
                        return clerkRules(claims, token);
                    });
        } catch (GatewayException refused) {
            verified = Uni.createFrom().failure(refused);
        }
        return verified.onFailure(GatewayException.class)
                .invoke(refused -> metrics.authFailure(((GatewayException) refused).type()));
    }

    /**
     * The session of a token whose signature was verified within the cache's ttl, after exp and Clerk's rules are
     * checked again for this use; null when the token must be verified first. The request path's synchronous answer:
     * no reactive pipeline for the common case of a token the SPA re-sends.
     *
     * @throws GatewayException (counted) when the remembered token no longer passes, or was refused before for a
     *         lasting reason (the same problem type again, without another verification)
     */
    public Verified verifiedBefore(SessionToken token) {
        VerifiedClaims known = verifiedClaims.getIfPresent(token.value());
        try {
            if (known == null) {
                Refusal refused = refusedTokens.getIfPresent(digest(token));
                if (refused != null) {
                    throw new GatewayException(refused.type(), refused.detail());
                }
                return null;
            }
            return clerkRules(notExpired(known, token), token);
        } catch (GatewayException refused) {
            metrics.authFailure(refused.type());
            throw refused;
        }
    }

    /** A remembered token is still refused once it expires (exp plus the skew). */
    private VerifiedClaims notExpired(VerifiedClaims claims, SessionToken token) {
        if (!claims.hasExp() || claims.exp() + skewSeconds <= Instant.now().getEpochSecond()) {
            GatewayException expired = new GatewayException(ProblemType.TOKEN_EXPIRED, "exp is past");
            // from now on the token is refused as expired: remembered, not verified again
            remember(token, expired);
            verifiedClaims.invalidate(token.value());
            throw expired;
        }
        return claims;
    }

    private void remember(SessionToken token, GatewayException refused) {
        if (LASTING.contains(refused.type())) {
            refusedTokens.put(digest(token), new Refusal(refused.type(), refused.getMessage()));
        }
    }

    /** The refused-token cache's key: the token's SHA-256, so the cache holds no credential. */
    private static String digest(SessionToken token) {
        try {
            return Base64.getEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(token.value().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Clerk's checks beyond the JWT basics; the claims are verified by now. */
    Verified clerkRules(VerifiedClaims claims, SessionToken token) {
        if (!claims.hasSubject()) {
            throw new GatewayException(ProblemType.TOKEN_SUBJECT_MISSING, "the token has no sub claim");
        }
        if (claims.hasIat() && claims.iat() > Instant.now().getEpochSecond() + skewSeconds) {
            throw new GatewayException(ProblemType.TOKEN_ISSUED_IN_FUTURE, "iat is in the future");
        }
        if (claims.azp() == null) {
            if (token.fromCookie()) {
                // a cookie rides along on cross-site requests: without azp it could be CSRF
                throw new GatewayException(ProblemType.TOKEN_AUTHORIZED_PARTY, "a cookie-borne token must carry azp");
            }
        } else if (!clerk.authorizedParties().contains(claims.azp())) {
            throw new GatewayException(ProblemType.TOKEN_AUTHORIZED_PARTY, "azp is not an authorized party");
        }
        if (claims.pending()) {
            throw new GatewayException(ProblemType.SESSION_PENDING, "the session has pending tasks");
        }
        return claims.verified();
    }

    /**
     * What Clerk's rules read of a verified payload, taken once: exp, iat, azp (null when absent or empty), whether
     * there is a subject and whether the session is pending; and the session with the upstream's bearer value, as
     * bytes that are copied, not re-encoded, into every upstream request.
     */
    record VerifiedClaims(boolean hasExp, long exp, boolean hasIat, long iat, String azp, boolean hasSubject,
            boolean pending, Verified verified) {

        static VerifiedClaims of(JsonNode claims, SessionToken token) {
            JsonNode exp = claims.get("exp");
            JsonNode iat = claims.get("iat");
            JsonNode azp = claims.get("azp");
            JsonNode sub = claims.get("sub");
            boolean hasSubject = sub != null && sub.isTextual() && !sub.asText().isBlank();
            return new VerifiedClaims(exp != null, exp == null ? 0 : exp.asLong(),
                    iat != null && iat.canConvertToLong(), iat == null ? 0 : iat.asLong(),
                    azp == null || azp.isNull() || azp.asText().isEmpty() ? null : azp.asText(),
                    hasSubject, "pending".equals(claims.path("sts").asText()),
                    hasSubject ? new Verified(SessionClaims.toContext(claims), new AsciiString("Bearer " + token.value()))
                            : null);
        }
    }

    /** Names the reason of a quarkus-oidc refusal from jose4j's error codes, the unverified claims as a last resort. */
    GatewayException refusal(Throwable failure, SessionToken token) {
        if (failure instanceof GatewayException refused) {
            return refused;
        }
        if (causedBy(failure, OIDCException.class) != null && causedBy(failure, InvalidJwtException.class) == null) {
            return new GatewayException(ProblemType.KEYS_UNAVAILABLE, "Clerk's keys could not be loaded", failure);
        }
        InvalidJwtException invalid = causedBy(failure, InvalidJwtException.class);
        if (invalid != null) {
            if (causedBy(invalid, UnresolvableKeyException.class) != null) {
                return new GatewayException(ProblemType.TOKEN_UNKNOWN_KEY, "no Clerk key has the token's kid");
            }
            if (causedBy(invalid, InvalidAlgorithmException.class) != null) {
                return new GatewayException(ProblemType.TOKEN_ALGORITHM, "only RS256 session tokens are accepted");
            }
            if (invalid.hasErrorCode(ErrorCodes.SIGNATURE_INVALID)) {
                return new GatewayException(ProblemType.TOKEN_SIGNATURE, "the signature does not verify");
            }
            if (invalid.hasExpired()) {
                return new GatewayException(ProblemType.TOKEN_EXPIRED, "exp is past");
            }
            if (invalid.hasErrorCode(ErrorCodes.NOT_YET_VALID)) {
                return new GatewayException(ProblemType.TOKEN_NOT_YET_VALID, "nbf is in the future");
            }
            if (invalid.hasErrorCode(ErrorCodes.ISSUED_AT_INVALID_FUTURE)) {
                return new GatewayException(ProblemType.TOKEN_ISSUED_IN_FUTURE, "iat is in the future");
            }
            if (invalid.hasErrorCode(ErrorCodes.ISSUER_INVALID) || invalid.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
                return new GatewayException(ProblemType.TOKEN_ISSUER, "iss is not the configured Clerk issuer");
            }
            if (invalid.hasErrorCode(ErrorCodes.JSON_INVALID) || invalid.hasErrorCode(ErrorCodes.MALFORMED_CLAIM)) {
                return new GatewayException(ProblemType.TOKEN_MALFORMED, "the token cannot be parsed");
            }
        }
        // the token is refused already; its unverified claims only name the reason (jose4j reports some
        // combinations, such as nbf after exp, without a specific error code)
        try {
            JsonNode claims = decodePart(token.value(), 1);
            long now = Instant.now().getEpochSecond();
            long skew = clerk.clockSkew().toSeconds();
            if (!claims.hasNonNull("sub")) {
                return new GatewayException(ProblemType.TOKEN_SUBJECT_MISSING, "the token has no sub claim");
            }
            if (claims.path("nbf").canConvertToLong() && claims.path("nbf").asLong() > now + skew) {
                return new GatewayException(ProblemType.TOKEN_NOT_YET_VALID, "nbf is in the future");
            }
            if (claims.path("exp").canConvertToLong() && claims.path("exp").asLong() <= now - skew) {
                return new GatewayException(ProblemType.TOKEN_EXPIRED, "exp is past");
            }
            if (claims.path("iat").canConvertToLong() && claims.path("iat").asLong() > now + skew) {
                return new GatewayException(ProblemType.TOKEN_ISSUED_IN_FUTURE, "iat is in the future");
            }
            if (!clerk.issuer().equals(claims.path("iss").asText())) {
                return new GatewayException(ProblemType.TOKEN_ISSUER, "iss is not the configured Clerk issuer");
            }
        } catch (GatewayException malformed) {
            return malformed;
        }
        return new GatewayException(ProblemType.TOKEN_INVALID, "the token does not verify");
    }

    private JsonNode decodePart(String token, int index) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new GatewayException(ProblemType.TOKEN_MALFORMED, "a session token has three parts");
        }
        try {
            JsonNode node = json.readTree(new String(Base64.getUrlDecoder().decode(parts[index]), StandardCharsets.UTF_8));
            if (node == null || !node.isObject()) {
                throw new GatewayException(ProblemType.TOKEN_MALFORMED, "a JWT part is not a JSON object");
            }
            return node;
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw new GatewayException(ProblemType.TOKEN_MALFORMED, "the token cannot be decoded");
        }
    }

    private static <T extends Throwable> T causedBy(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
