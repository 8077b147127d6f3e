package com.fleetfusion.gateway.model;

/**
 * Every refusal the gateway answers, each with a stable problem {@code type} URI (RFC 9457), a title and a status.
 * The slug is also the {@code reason} tag of the auth-failure metric.
 */
public enum ProblemType {
    TOKEN_MISSING("token-missing", "No session token", 401),
    TOKEN_MALFORMED("token-malformed", "The session token is not a JWT", 401),
    TOKEN_ALGORITHM("token-algorithm", "The session token is not signed with RS256", 401),
    TOKEN_UNKNOWN_KEY("token-unknown-key", "The session token is signed by an unknown key", 401),
    TOKEN_SIGNATURE("token-signature", "The session token's signature is invalid", 401),
    TOKEN_EXPIRED("token-expired", "The session token has expired", 401),
    TOKEN_NOT_YET_VALID("token-not-yet-valid", "The session token is not valid yet (nbf)", 401),
    TOKEN_ISSUED_IN_FUTURE("token-issued-in-future", "The session token is issued in the future (iat)", 401),
    TOKEN_ISSUER("token-issuer", "The session token comes from another issuer", 401),
    TOKEN_AUTHORIZED_PARTY("token-authorized-party", "The session token's authorized party (azp) is not allowed", 401),
    TOKEN_SUBJECT_MISSING("token-subject-missing", "The session token has no subject", 401),
    TOKEN_INVALID("token-invalid", "The session token is invalid", 401),
    SESSION_PENDING("session-pending", "The session is pending (sts)", 401),
    KEYS_UNAVAILABLE("keys-unavailable", "Clerk's signing keys are not available yet", 503),
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

    private final String slug;
    private final String title;
    private final int status;

    ProblemType(String slug, String title, int status) {
        this.slug = slug;
        this.title = title;
        this.status = status;
    }

    public String slug() {
        return slug;
    }

    public String uri() {
        return BASE + slug;
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
