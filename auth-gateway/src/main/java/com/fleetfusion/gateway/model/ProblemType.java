package com.fleetfusion.gateway.model;

import com.fleetfusion.session.SessionRefusal;

/**
 * Every refusal the gateway answers, each with a stable problem {@code type} URI (RFC 9457), a title and a status.
 * The slug is also the {@code reason} tag of the auth-failure metric. A refused session token is answered with the
 * shared {@link SessionRefusal}'s type, the same as onboarding-service and tenant-store answer.
 */
public enum ProblemType {
    TOKEN_MISSING(SessionRefusal.TOKEN_MISSING),
    TOKEN_MALFORMED(SessionRefusal.TOKEN_MALFORMED),
    TOKEN_ALGORITHM(SessionRefusal.TOKEN_ALGORITHM),
    TOKEN_UNKNOWN_KEY(SessionRefusal.TOKEN_UNKNOWN_KEY),
    TOKEN_SIGNATURE(SessionRefusal.TOKEN_SIGNATURE),
    TOKEN_EXPIRED(SessionRefusal.TOKEN_EXPIRED),
    TOKEN_NOT_YET_VALID(SessionRefusal.TOKEN_NOT_YET_VALID),
    TOKEN_ISSUED_IN_FUTURE(SessionRefusal.TOKEN_ISSUED_IN_FUTURE),
    TOKEN_ISSUER(SessionRefusal.TOKEN_ISSUER),
    TOKEN_AUTHORIZED_PARTY(SessionRefusal.TOKEN_AUTHORIZED_PARTY),
    TOKEN_SUBJECT_MISSING(SessionRefusal.TOKEN_SUBJECT_MISSING),
    TOKEN_INVALID(SessionRefusal.TOKEN_INVALID),
    SESSION_PENDING(SessionRefusal.SESSION_PENDING),
    KEYS_UNAVAILABLE(SessionRefusal.KEYS_UNAVAILABLE),
    ONBOARDING_REQUIRED("onboarding-required", "Onboarding is not complete", 403),
    NO_ACTIVE_ORGANIZATION("no-active-organization", "The session has no active organization", 403),
    ORGANIZATION_MISMATCH("organization-mismatch", "The organization is not the session's active organization", 403),
    PERMISSION_DENIED("permission-denied", "The session lacks the permission or role this route requires", 403),
    ROUTE_NOT_FOUND("route-not-found", "No route for this path", 404),
    METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed on this route", 405),
    BAD_PATH("bad-path", "The path is not acceptable", 400),
    UPSTREAM_UNAVAILABLE("upstream-unavailable", "The upstream service is unavailable", 502),
    UPSTREAM_TIMEOUT("upstream-timeout", "The upstream service did not answer in time", 504);

    public static final String BASE = "https://fleetfusion.dev/problems/gateway/";

    private static final ProblemType[] BY_REFUSAL = new ProblemType[SessionRefusal.values().length];

    static {
        for (ProblemType type : values()) {
            if (type.refusal != null) {
                BY_REFUSAL[type.refusal.ordinal()] = type;
            }
        }
    }

    private final String slug;
    private final String title;
    private final int status;
    private final String uri;
    private final SessionRefusal refusal;

    ProblemType(String slug, String title, int status) {
        this.slug = slug;
        this.title = title;
        this.status = status;
        this.uri = BASE + slug;
        this.refusal = null;
    }

    ProblemType(SessionRefusal refusal) {
        this.slug = refusal.slug();
        this.title = refusal.title();
        this.status = refusal.status();
        this.uri = refusal.uri();
        this.refusal = refusal;
    }

    /** The shared refusal this type answers, null for the gateway's own refusals. */
    public SessionRefusal sessionRefusal() {
        return refusal;
    }

    /** The gateway's type of a refused session token. */
    public static ProblemType of(SessionRefusal refusal) {
        return BY_REFUSAL[refusal.ordinal()];
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

    public boolean isAuthenticationFailure() {
        return status == 401 || this == KEYS_UNAVAILABLE;
    }
}
