package com.fleetfusion.session;

import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Clerk's rules beyond the signature, checked on every use of a verified token (docs/clerk-session-tokens.md):
 * <ol>
 * <li>{@code exp} not past (with the skew): a remembered token expires too;</li>
 * <li>a subject;</li>
 * <li>{@code iat} not in the future (with the skew);</li>
 * <li>{@code azp} present and an authorized party, whether the token came as a bearer or as the {@code __session}
 * cookie. For a cookie this is what stops cross-site use; a bearer token without azp is refused the same way so that
 * every service gives a token the same answer;</li>
 * <li>no pending session ({@code sts: pending}).</li>
 * </ol>
 * The first rule broken names the refusal.
 */
public final class SessionRules {

    private final Set<String> authorizedParties;
    private final long skewSeconds;

    public SessionRules(Collection<String> authorizedParties, Duration skew) {
        this.authorizedParties = authorizedParties.stream().map(String::trim).filter(party -> !party.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        this.skewSeconds = skew.toSeconds();
    }

    public long skewSeconds() {
        return skewSeconds;
    }

    /**
     * The session of a verified token if Clerk's rules still hold at {@code nowSeconds}.
     *
     * @throws SessionRefusedException naming the first rule broken
     */
    public SessionContext check(VerifiedSession session, long nowSeconds) {
        if (session.exp() + skewSeconds <= nowSeconds) {
            throw new SessionRefusedException(SessionRefusal.TOKEN_EXPIRED, "exp is past");
        }
        if (!session.hasSubject()) {
            throw new SessionRefusedException(SessionRefusal.TOKEN_SUBJECT_MISSING, "the token has no sub claim");
        }
        if (session.hasIat() && session.iat() > nowSeconds + skewSeconds) {
            throw new SessionRefusedException(SessionRefusal.TOKEN_ISSUED_IN_FUTURE, "iat is in the future");
        }
        if (session.azp() == null) {
            throw new SessionRefusedException(SessionRefusal.TOKEN_AUTHORIZED_PARTY, "the token carries no azp");
        }
        if (!authorizedParties.contains(session.azp())) {
            throw new SessionRefusedException(SessionRefusal.TOKEN_AUTHORIZED_PARTY, "azp is not an authorized party");
        }
        if (session.pending()) {
            throw new SessionRefusedException(SessionRefusal.SESSION_PENDING, "the session has pending tasks");
        }
        return session.context();
    }
}
