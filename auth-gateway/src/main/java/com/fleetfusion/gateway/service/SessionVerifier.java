package com.fleetfusion.gateway.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;

import jakarta.inject.Singleton;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.fleetfusion.gateway.config.ClerkConfig;
import com.fleetfusion.gateway.model.GatewayException;
import com.fleetfusion.problem.ProblemType;
import com.fleetfusion.session.ClerkKeys;
import com.fleetfusion.session.ClerkSessionVerifier;
import com.fleetfusion.session.SessionContext;
import com.fleetfusion.session.SessionRefusal;
import com.fleetfusion.session.SessionRefusedException;
import com.fleetfusion.session.SessionRules;
import com.fleetfusion.session.SessionToken;
import com.fleetfusion.session.VerifiedSession;

import io.netty.util.AsciiString;
import io.smallrye.mutiny.Uni;

/**
 * The gateway's use of the shared Clerk session verification ({@link ClerkSessionVerifier}: signature, iss, exp, nbf,
 * then Clerk's rules: iat, azp, sts), with every refusal typed and counted.
 * <p>
 * Two caches spare the signature verification (the expensive part, ~150-200 µs of CPU): tokens verified before (exp
 * and Clerk's rules are re-checked on every use), and tokens refused before for a lasting reason, keyed by their
 * SHA-256, so that replaying an expired or forged token does not cost a verification per request. A refusal that can
 * turn into a pass (an unknown kid awaiting the JWKS refetch, keys not loaded, nbf or iat ahead, an unclassified
 * failure) is never remembered, so a key rotation still needs no restart. A key withdrawn at Clerk empties the
 * verified-token cache at the JWKS read that notices it.
 */
@Singleton
public class SessionVerifier {

    private final ClerkSessionVerifier clerk;
    private final SessionRules rules;
    private final GatewayMetrics metrics;
    /** Verified token -> its claims (the signature, iss, nbf checks passed once), read once. */
    private final Cache<TokenKey, Remembered> verifiedClaims;
    /** SHA-256 of a token refused for a lasting reason -> that refusal. */
    private final Cache<String, Refusal> refusedTokens;

    SessionVerifier(ClerkSessionVerifier clerk, ClerkKeys keys, ClerkConfig config, GatewayMetrics metrics) {
        this.clerk = clerk;
        this.rules = clerk.rules();
        this.metrics = metrics;
        this.verifiedClaims = Caffeine.newBuilder().maximumSize(config.verifiedTokens().maxSize())
                .expireAfterWrite(config.verifiedTokens().ttl()).build();
        this.refusedTokens = Caffeine.newBuilder().maximumSize(config.refusedTokens().maxSize())
                .expireAfterWrite(config.refusedTokens().ttl()).build();
        // a key withdrawn at Clerk: tokens it signed stop passing now, not when their cache entries expire
        keys.onWithdrawal(verifiedClaims::invalidateAll);
    }

    /**
     * A token as the verified-token cache's key: equal only to the very same token, hashed over its last characters
     * (the signature's), so that a lookup does not hash the whole ~900-character token, a new String on every
     * request. Only verified tokens are ever stored, so no one can fill a hash bin without Clerk's signatures.
     */
    private static final class TokenKey implements Comparable<TokenKey> {

        private static final int HASHED_CHARACTERS = 32;

        private final String token;
        private final int hash;

        TokenKey(String token) {
            this.token = token;
            int hash = 0;
            for (int i = Math.max(0, token.length() - HASHED_CHARACTERS); i < token.length(); i++) {
                hash = 31 * hash + token.charAt(i);
            }
            this.hash = hash;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof TokenKey key && hash == key.hash && token.equals(key.token);
        }

        @Override
        public int compareTo(TokenKey other) {
            return token.compareTo(other.token);
        }

        @Override
        public String toString() {
            // never let a token reach a log line
            return "TokenKey[]";
        }
    }

    /** What a remembered refusal answers again: the same problem type and detail. */
    private record Refusal(SessionRefusal refusal, String detail) {
    }

    /**
     * A verified token's claims and the session with the upstream's bearer value, as bytes that are copied, not
     * re-encoded, into every upstream request.
     */
    private record Remembered(VerifiedSession claims, Verified verified) {
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
     * The full verification (signature, then Clerk's rules) of a token that {@link #verifiedBefore} knows nothing
     * of; a refusal of the signature stage for a lasting reason is remembered.
     */
    public Uni<Verified> verifyInFull(SessionToken token) {
        metrics.verification();
        return clerk.verifySignatureAsync(token.value())
                .onFailure(SessionRefusedException.class).transform(refused -> {
                    GatewayException failure = typed((SessionRefusedException) refused);
                    remember(token, failure);
                    return failure;
                })
                .map(claims -> {
                    Remembered remembered = new Remembered(claims,
                            new Verified(claims.context(), new AsciiString("Bearer " + token.value())));
                    verifiedClaims.put(new TokenKey(token.value()), remembered);
                    return clerkRules(remembered, token);
                })
                .onFailure(GatewayException.class)
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
        Remembered known = verifiedClaims.getIfPresent(new TokenKey(token.value()));
        try {
            if (known == null) {
                Refusal refused = refusedTokens.getIfPresent(digest(token));
                if (refused != null) {
                    throw new GatewayException(refused.refusal(), refused.detail());
                }
                return null;
            }
            return clerkRules(known, token);
        } catch (GatewayException refused) {
            metrics.authFailure(refused.type());
            throw refused;
        }
    }

    /** Clerk's rules on verified claims; a remembered token that expired is from then on refused from memory. */
    private Verified clerkRules(Remembered remembered, SessionToken token) {
        try {
            rules.check(remembered.claims(), Instant.now().getEpochSecond());
            return remembered.verified();
        } catch (SessionRefusedException refused) {
            GatewayException failure = typed(refused);
            if (failure.type() == ProblemType.TOKEN_EXPIRED) {
                remember(token, failure);
                verifiedClaims.invalidate(new TokenKey(token.value()));
            }
            throw failure;
        }
    }

    private static GatewayException typed(SessionRefusedException refused) {
        return new GatewayException(refused.refusal(), refused.getMessage());
    }

    private void remember(SessionToken token, GatewayException refused) {
        if (refused.sessionRefusal() != null && refused.sessionRefusal().lasting()) {
            refusedTokens.put(digest(token), new Refusal(refused.sessionRefusal(), refused.getMessage()));
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
}
