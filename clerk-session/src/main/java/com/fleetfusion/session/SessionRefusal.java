package com.fleetfusion.session;

/**
 * Every reason a Clerk session token is refused, the same in every service: a stable problem {@code type} URI
 * (RFC 9457), a title and a status. The slug is also the {@code reason} tag of auth-failure metrics.
 */
public enum SessionRefusal {
    TOKEN_MISSING("token-missing", "No session token", 401, false),
    TOKEN_MALFORMED("token-malformed", "The session token is not a JWT", 401, true),
    TOKEN_ALGORITHM("token-algorithm", "The session token is not signed with RS256", 401, true),
    TOKEN_UNKNOWN_KEY("token-unknown-key", "The session token is signed by an unknown key", 401, false),
    TOKEN_SIGNATURE("token-signature", "The session token's signature is invalid", 401, true),
    TOKEN_EXPIRED("token-expired", "The session token has expired", 401, true),
    TOKEN_NOT_YET_VALID("token-not-yet-valid", "The session token is not valid yet (nbf)", 401, false),
    TOKEN_ISSUED_IN_FUTURE("token-issued-in-future", "The session token is issued in the future (iat)", 401, false),
    TOKEN_ISSUER("token-issuer", "The session token comes from another issuer", 401, true),
    TOKEN_AUTHORIZED_PARTY("token-authorized-party", "The session token's authorized party (azp) is not allowed", 401,
            false),
    TOKEN_SUBJECT_MISSING("token-subject-missing", "The session token has no subject", 401, true),
    TOKEN_INVALID("token-invalid", "The session token is invalid", 401, false),
    SESSION_PENDING("session-pending", "The session is pending (sts)", 401, false),
    KEYS_UNAVAILABLE("keys-unavailable", "Clerk's signing keys are not available yet", 503, false);

    public static final String BASE = "https://fleetfusion.dev/problems/";

    private final String slug;
    private final String title;
    private final int status;
    private final boolean lasting;
    private final String uri;

    SessionRefusal(String slug, String title, int status, boolean lasting) {
        this.slug = slug;
        this.title = title;
        this.status = status;
        this.lasting = lasting;
        this.uri = BASE + slug;
    }

    public String slug() {
        return slug;
    }

    public String uri() {
        return uri;
    }

    public String title() {
        return title;
    }

    public int status() {
        return status;
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
