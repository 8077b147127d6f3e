package com.fleetfusion.clerk.client;

import java.lang.reflect.Method;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A Clerk Backend API call answered with an error ({@code ClerkErrors} body, when there is one). 4xx other than 429
 * are final; {@link ClerkUnavailableException} is the kind worth retrying. The message names the operation, the
 * status and Clerk's error codes only (never a key or a body).
 */
public class ClerkApiException extends RuntimeException {

    private static final ObjectMapper ERRORS = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final String operation;
    private final int status;
    private final List<ClerkError> errors;

    public ClerkApiException(String operation, int status, List<ClerkError> errors, Throwable cause) {
        super(operation + (status == 0 ? " got no answer" : " answered " + status) + codesOf(errors), cause);
        this.operation = operation;
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    /** One Clerk error entry; {@code meta.param_name} names the offending field. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ClerkError(String code, String message, @JsonProperty("long_message") String longMessage, Meta meta) {

        @JsonIgnoreProperties(ignoreUnknown = true)
        public record Meta(@JsonProperty("param_name") String paramName) {
        }

        public String paramName() {
            return meta == null ? null : meta.paramName();
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ClerkErrors(List<ClerkError> errors) {
    }

    /** For a REST client's {@code @ClientExceptionMapper}: the operation is the method's operationId. */
    public static ClerkApiException from(Method method, Response response) {
        return from(operationOf(method), response);
    }

    public static ClerkApiException from(String operation, Response response) {
        String body;
        try {
            body = response.readEntity(String.class);
        } catch (RuntimeException unreadable) {
            body = null;
        }
        return from(operation, response.getStatus(), body, response.getHeaderString("Retry-After"));
    }

    /**
     * The exception for an error answer: 429 and 5xx are {@link ClerkUnavailableException} (after
     * {@code retryAfterHeader}, if readable), other statuses final. A body that is not Clerk's error JSON (a proxy's
     * HTML page, nothing) leaves the errors empty: the status alone decides.
     */
    public static ClerkApiException from(String operation, int status, String body, String retryAfterHeader) {
        List<ClerkError> errors = errorsOf(body);
        if (status == 429 || status >= 500) {
            return new ClerkUnavailableException(operation, status, errors, retryAfter(retryAfterHeader), null);
        }
        return new ClerkApiException(operation, status, errors, null);
    }

    /** "CreateOrganization" for the method {@code createOrganization}: the spec's operationId. */
    public static String operationOf(Method method) {
        String name = method.getName();
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    /** A {@code Retry-After} header: seconds or an HTTP date (RFC 9110), never negative; unreadable: empty. */
    public static Optional<Duration> retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim()))));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (RuntimeException unparsable) {
                return Optional.empty();
            }
        }
    }

    private static List<ClerkError> errorsOf(String body) {
        if (body == null || body.isBlank()) {
            return List.of();
        }
        try {
            ClerkErrors parsed = ERRORS.readValue(body, ClerkErrors.class);
            return parsed == null || parsed.errors() == null ? List.of() : parsed.errors();
        } catch (Exception unreadable) {
            return List.of();
        }
    }

    private static String codesOf(List<ClerkError> errors) {
        return errors.isEmpty() ? "" : " " + errors.stream().map(ClerkError::code).toList();
    }

    public String operation() {
        return operation;
    }

    /** The HTTP status; 0 when Clerk gave no answer. */
    public int status() {
        return status;
    }

    public List<ClerkError> errors() {
        return errors;
    }

    public boolean hasCode(String code) {
        return errors.stream().anyMatch(e -> code.equals(e.code()));
    }
}
