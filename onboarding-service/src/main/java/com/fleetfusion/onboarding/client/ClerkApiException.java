package com.fleetfusion.onboarding.client;

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
 * A Clerk Backend API call answered with an error ({@code ClerkErrors} body). 4xx other than 429 are final;
 * {@link ClerkUnavailableException} is the retryable kind.
 */
public class ClerkApiException extends RuntimeException {

    private static final ObjectMapper ERRORS = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final String operation;
    private final int status;
    private final List<ClerkError> errors;

    public ClerkApiException(String operation, int status, List<ClerkError> errors, Throwable cause) {
        super(operation + " answered " + status + codesOf(errors), cause);
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

    static ClerkApiException from(String operation, Response response) {
        List<ClerkError> errors = List.of();
        try {
            String body = response.readEntity(String.class);
            ClerkErrors parsed = body == null || body.isBlank() ? null : ERRORS.readValue(body, ClerkErrors.class);
            if (parsed != null && parsed.errors() != null) {
                errors = parsed.errors();
            }
        } catch (Exception unreadable) {
            // a proxy's HTML error page or an empty body: the status alone decides
        }
        int status = response.getStatus();
        if (status == 429 || status >= 500) {
            return new ClerkUnavailableException(operation, status, errors,
                    retryAfter(response.getHeaderString("Retry-After")), null);
        }
        return new ClerkApiException(operation, status, errors, null);
    }

    /** "CreateOrganization" for the method {@code createOrganization}: the spec's operationId. */
    static String operationOf(Method method) {
        String name = method.getName();
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    static Optional<Duration> retryAfter(String header) {
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

    private static String codesOf(List<ClerkError> errors) {
        return errors.isEmpty() ? "" : " " + errors.stream().map(ClerkError::code).toList();
    }

    public String operation() {
        return operation;
    }

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
