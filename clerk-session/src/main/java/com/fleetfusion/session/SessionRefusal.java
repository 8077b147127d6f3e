package com.fleetfusion.session;

import com.fleetfusion.problem.ProblemType;

/**
 * Every reason a Clerk session token is refused, the same in every service: its catalogued problem type (slug, title,
 * status, in the shared problem-json catalogue) and whether it lasts. The slug is also the {@code reason} tag of
 * auth-failure metrics.
 */
public enum SessionRefusal {
    TOKEN_MISSING(ProblemType.TOKEN_MISSING, false),
    TOKEN_MALFORMED(ProblemType.TOKEN_MALFORMED, true),
    TOKEN_ALGORITHM(ProblemType.TOKEN_ALGORITHM, true),
    TOKEN_UNKNOWN_KEY(ProblemType.TOKEN_UNKNOWN_KEY, false),
    TOKEN_SIGNATURE(ProblemType.TOKEN_SIGNATURE, true),
    TOKEN_EXPIRED(ProblemType.TOKEN_EXPIRED, true),
    TOKEN_NOT_YET_VALID(ProblemType.TOKEN_NOT_YET_VALID, false),
    TOKEN_ISSUED_IN_FUTURE(ProblemType.TOKEN_ISSUED_IN_FUTURE, false),
    TOKEN_ISSUER(ProblemType.TOKEN_ISSUER, true),
    TOKEN_AUTHORIZED_PARTY(ProblemType.TOKEN_AUTHORIZED_PARTY, false),
    TOKEN_SUBJECT_MISSING(ProblemType.TOKEN_SUBJECT_MISSING, true),
    TOKEN_INVALID(ProblemType.TOKEN_INVALID, false),
    SESSION_PENDING(ProblemType.SESSION_PENDING, false),
    KEYS_UNAVAILABLE(ProblemType.KEYS_UNAVAILABLE, false);

    private final ProblemType type;
    private final boolean lasting;

    SessionRefusal(ProblemType type, boolean lasting) {
        this.type = type;
        this.lasting = lasting;
    }

    /** The catalogued problem type this refusal is answered with. */
    public ProblemType type() {
        return type;
    }

    public String slug() {
        return type.slug();
    }

    public String uri() {
        return type.uri();
    }

    public String title() {
        return type.title();
    }

    public int status() {
        return type.status();
    }

    /**
     * True when the refusal stays true of the token whatever the time, the keys or the transport (an exp in the
     * past, another issuer, no subject, not a JWT, not RS256, a signature that does not verify with the key of its
     * kid): a cache may answer it again without another verification. An unknown kid (awaiting a refetch), nbf or
     * iat ahead, azp or sts are never lasting.
     */
    public boolean lasting() {
        return lasting;
    }
}
