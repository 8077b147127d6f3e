package com.fleetfusion.problem;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The catalogue of every problem type the suite answers: one slug, title, status and meaning each, and the services
 * that answer it. The type URI is {@code https://fleetfusion.dev/problems/<slug>}; clients branch on it, so a slug
 * never changes meaning. A service that needs a new problem adds an entry here, naming itself among its answerers
 * (ProblemCatalogueTest then lists it and refuses a slug given twice).
 */
public enum ProblemType {

    // a refused Clerk session token (clerk-session), the same in every service that reads a session
    TOKEN_MISSING("token-missing", "No session token", 401,
            "Neither a bearer token nor a __session cookie was sent.", Service.SESSION_READERS),
    TOKEN_MALFORMED("token-malformed", "The session token is not a JWT", 401,
            "The session token cannot be parsed as a signed JWT.", Service.SESSION_READERS),
    TOKEN_ALGORITHM("token-algorithm", "The session token is not signed with RS256", 401,
            "The session token's alg is not RS256 (none and HS256 included).", Service.SESSION_READERS),
    TOKEN_UNKNOWN_KEY("token-unknown-key", "The session token is signed by an unknown key", 401,
            "No signing key with the token's kid is known, even after a refetch.", Service.SESSION_READERS),
    TOKEN_SIGNATURE("token-signature", "The session token's signature is invalid", 401,
            "The signature does not verify with the key of the token's kid.", Service.SESSION_READERS),
    TOKEN_EXPIRED("token-expired", "The session token has expired", 401,
            "exp is in the past, beyond the allowed clock skew.", Service.SESSION_READERS),
    TOKEN_NOT_YET_VALID("token-not-yet-valid", "The session token is not valid yet (nbf)", 401,
            "nbf is in the future, beyond the allowed clock skew.", Service.SESSION_READERS),
    TOKEN_ISSUED_IN_FUTURE("token-issued-in-future", "The session token is issued in the future (iat)", 401,
            "iat is in the future, beyond the allowed clock skew.", Service.SESSION_READERS),
    TOKEN_ISSUER("token-issuer", "The session token comes from another issuer", 401,
            "iss is not the configured Clerk issuer.", Service.SESSION_READERS),
    TOKEN_AUTHORIZED_PARTY("token-authorized-party", "The session token's authorized party (azp) is not allowed", 401,
            "azp is not in the allow-list, or is missing where the rules require it.", Service.SESSION_READERS),
    TOKEN_SUBJECT_MISSING("token-subject-missing", "The session token has no subject", 401,
            "The token has no sub claim.", Service.SESSION_READERS),
    TOKEN_INVALID("token-invalid", "The session token is invalid", 401,
            "The token fails a check not named by another token-* type.", Service.SESSION_READERS),
    SESSION_PENDING("session-pending", "The session is pending (sts)", 401,
            "The token's sts claim is pending: the session is not active yet.", Service.SESSION_READERS),
    KEYS_UNAVAILABLE("keys-unavailable", "Clerk's signing keys are not available yet", 503,
            "The service has not loaded Clerk's signing keys yet; retry after Retry-After.", Service.SESSION_READERS),

    // authorization and routing at the gateway
    ONBOARDING_REQUIRED("onboarding-required", "Onboarding is not complete", 403,
            "The session's user has not completed onboarding.", Service.AUTH_GATEWAY),
    NO_ACTIVE_ORGANIZATION("no-active-organization", "The session has no active organization", 403,
            "The route is organization-scoped and the session has no active organization.", Service.AUTH_GATEWAY),
    ORGANIZATION_MISMATCH("organization-mismatch", "The organization is not the session's active organization", 403,
            "The organization asked for is not the session's active organization; nothing is said about it.",
            Service.AUTH_GATEWAY, Service.TENANT_STORE),
    PERMISSION_DENIED("permission-denied", "The session lacks the permission or role this route requires", 403,
            "The session's organization role or permissions do not include the route's requirement.",
            Service.AUTH_GATEWAY),
    ROUTE_NOT_FOUND("route-not-found", "No route for this path", 404,
            "No entry of the gateway's route table matches the request path.", Service.AUTH_GATEWAY),
    BAD_PATH("bad-path", "The path is not acceptable", 400,
            "The path is not in normal form (dot segments, doubled or encoded separators).", Service.AUTH_GATEWAY),
    UPSTREAM_UNAVAILABLE("upstream-unavailable", "The upstream service is unavailable", 502,
            "The service behind the route could not be reached or failed.", Service.AUTH_GATEWAY),
    UPSTREAM_TIMEOUT("upstream-timeout", "The upstream service did not answer in time", 504,
            "The service behind the route did not answer within the route's timeout.", Service.AUTH_GATEWAY),

    // onboarding
    INVALID_REQUEST("invalid-request", "Invalid request", 400,
            "The body is not the expected JSON or some of its fields are invalid; errors lists them by name.",
            Service.ONBOARDING_SERVICE, Service.CLERK_EMULATOR),
    ONBOARDING_COMPLETE("onboarding-complete", "Onboarding already complete", 409,
            "The user has an organization already; organizationId and slug name it.", Service.ONBOARDING_SERVICE),
    ONBOARDING_IN_PROGRESS("onboarding-in-progress", "Onboarding in progress", 409,
            "Another onboarding of this user is still running; retry after Retry-After.", Service.ONBOARDING_SERVICE),
    ONBOARDING_RATE_LIMITED("onboarding-rate-limited", "Too many onboarding attempts", 429,
            "Too many attempts for this user or in all; retry after Retry-After.", Service.ONBOARDING_SERVICE),
    SLUG_UNAVAILABLE("slug-unavailable", "Slug unavailable", 409,
            "The slug and its variants are taken; errors names the slug field.", Service.ONBOARDING_SERVICE),
    CLERK_REFUSED("clerk-refused", "Clerk refused a step of onboarding", 502,
            "Clerk refused a step; what was done is undone (compensated) and the user may retry.",
            Service.ONBOARDING_SERVICE),
    CLERK_UNAVAILABLE("clerk-unavailable", "Clerk or the event log is unavailable", 503,
            "Clerk or Kafka was unavailable or too slow; what was done is undone or will be, retry after Retry-After.",
            Service.ONBOARDING_SERVICE),

    // tenant-store
    INVALID_PARAMETER("invalid-parameter", "Invalid parameter", 400,
            "A query parameter is out of its range; detail names the parameter.", Service.TENANT_STORE),
    ADMIN_UNAUTHENTICATED("admin-unauthenticated", "Admin token required", 401,
            "The operations endpoints need the admin token; nothing is said about what was sent.",
            Service.TENANT_STORE),
    RECONCILIATION_RUNNING("reconciliation-running", "Reconciliation already running", 409,
            "A reconciliation run is in progress on this or another replica.", Service.TENANT_STORE),

    // webhook-ingest
    MISSING_SIGNATURE_HEADERS("missing-signature-headers", "Missing Svix signature headers", 400,
            "The delivery lacks svix-id, svix-timestamp or svix-signature.", Service.WEBHOOK_INGEST),
    MALFORMED_SIGNATURE_HEADERS("malformed-signature-headers", "Malformed Svix signature headers", 400,
            "svix-timestamp is not Unix seconds.", Service.WEBHOOK_INGEST),
    INVALID_SIGNATURE("invalid-signature", "Invalid webhook signature", 401,
            "No v1 signature matches a configured signing secret.", Service.WEBHOOK_INGEST),
    TIMESTAMP_OUT_OF_TOLERANCE("timestamp-out-of-tolerance", "Webhook timestamp outside the tolerance", 401,
            "svix-timestamp is too far from the receiver's clock.", Service.WEBHOOK_INGEST),
    BODY_TOO_LARGE("body-too-large", "Webhook body too large", 413,
            "The delivery's body exceeds the receiver's limit.", Service.WEBHOOK_INGEST),
    RECORD_TOO_LARGE("record-too-large", "Webhook body too large for the event log", 413,
            "The Kafka cluster refuses a record this large.", Service.WEBHOOK_INGEST),
    KAFKA_UNAVAILABLE("kafka-unavailable", "Event log unavailable", 503,
            "The delivery could not be made durable in time; retry after Retry-After.", Service.WEBHOOK_INGEST),

    // the emulator's own control API (its Clerk APIs answer in Clerk's error format, not here)
    INVALID_CONTROL_REQUEST("invalid-control-request", "Invalid emulator control request", 422,
            "A control call of the Clerk emulator lacks a value or has one out of range; detail names it.",
            Service.CLERK_EMULATOR),

    // plain HTTP failures, named by their status, in every JAX-RS service
    BAD_REQUEST("bad-request", "Bad request", 400,
            "The request is malformed at the HTTP level (a parameter of the wrong type, an unreadable body).",
            Service.JAX_RS),
    UNAUTHORIZED("unauthorized", "Unauthorized", 401, "The request needs credentials it does not carry.",
            Service.JAX_RS),
    FORBIDDEN("forbidden", "Forbidden", 403, "The request is understood but not allowed.", Service.JAX_RS),
    NOT_FOUND("not-found", "Not found", 404,
            "No such resource (or no such path); detail names the kind only, never the id asked for.",
            Service.JAX_RS),
    METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", 405,
            "The resource exists but not with this method; Allow lists those it has.", Service.EVERY),
    NOT_ACCEPTABLE("not-acceptable", "Not acceptable", 406, "No representation matches the Accept header.",
            Service.JAX_RS),
    CONFLICT("conflict", "Conflict", 409, "The request conflicts with the resource's state.", Service.JAX_RS),
    CONTENT_TOO_LARGE("content-too-large", "Content too large", 413, "The request body exceeds the limit.",
            Service.JAX_RS),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", 415,
            "The body's Content-Type is not one the resource reads.", Service.JAX_RS),
    HTTP_ERROR("http-error", "Request failed", 0,
            "Any other HTTP failure of the request; the status tells which (status 0 here: that of the answer).",
            Service.JAX_RS),
    INTERNAL_ERROR("internal-error", "Internal error", 500,
            "An unexpected failure of the service; nothing about it is said, the log has it.", Service.JAX_RS);

    /** The one base of every type URI. */
    public static final String BASE = "https://fleetfusion.dev/problems/";

    private final String slug;
    private final String title;
    private final int status;
    private final String meaning;
    private final Set<Service> answeredBy;
    private final String uri;

    ProblemType(String slug, String title, int status, String meaning, Service... answeredBy) {
        this(slug, title, status, meaning, List.of(answeredBy));
    }

    ProblemType(String slug, String title, int status, String meaning, List<Service> answeredBy) {
        this.slug = slug;
        this.title = title;
        this.status = status;
        this.meaning = meaning;
        this.answeredBy = answeredBy.isEmpty() ? EnumSet.noneOf(Service.class) : EnumSet.copyOf(answeredBy);
        this.uri = BASE + slug;
    }

    ProblemType(String slug, String title, int status, String meaning, Set<Service> answeredBy) {
        this(slug, title, status, meaning, List.copyOf(answeredBy));
    }

    public String slug() {
        return slug;
    }

    /** The type URI: {@code https://fleetfusion.dev/problems/<slug>}. */
    public String uri() {
        return uri;
    }

    public String title() {
        return title;
    }

    /** The HTTP status this type is answered with; 0 for {@link #HTTP_ERROR}, answered with the failure's own. */
    public int status() {
        return status;
    }

    /** What the type means to a client, in a sentence. */
    public String meaning() {
        return meaning;
    }

    public Set<Service> answeredBy() {
        return EnumSet.copyOf(answeredBy);
    }

    /** Every type the service can answer. */
    public static List<ProblemType> answeredBy(Service service) {
        return Arrays.stream(values()).filter(type -> type.answeredBy.contains(service)).toList();
    }

    /** The type of a plain HTTP failure (a JAX-RS WebApplicationException of that status). */
    public static ProblemType ofHttpStatus(int status) {
        return switch (status) {
            case 400 -> BAD_REQUEST;
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 409 -> CONFLICT;
            case 413 -> CONTENT_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 500 -> INTERNAL_ERROR;
            default -> HTTP_ERROR;
        };
    }

    /** The services of the suite, as answerers of problem types. */
    public enum Service {
        AUTH_GATEWAY, ONBOARDING_SERVICE, TENANT_STORE, WEBHOOK_INGEST,
        /** The emulator's own control API only. */
        CLERK_EMULATOR;

        static final Set<Service> SESSION_READERS = EnumSet.of(AUTH_GATEWAY, ONBOARDING_SERVICE, TENANT_STORE);
        static final Set<Service> JAX_RS = EnumSet.of(ONBOARDING_SERVICE, TENANT_STORE, WEBHOOK_INGEST,
                CLERK_EMULATOR);
        static final Set<Service> EVERY = EnumSet.allOf(Service.class);
    }
}
