package com.fleetfusion.emulator.service;

import java.util.Map;

/**
 * A Backend API failure, answered in Clerk's own {@code ClerkErrors} shape (the emulator is Clerk, so its errors are
 * Clerk's, not problem+json).
 */
public class ClerkException extends RuntimeException {

    private final int status;
    private final String code;
    private final String longMessage;
    private final Map<String, Object> meta;
    private final Long retryAfterSeconds;

    public ClerkException(int status, String code, String message, String longMessage, Map<String, Object> meta,
            Long retryAfterSeconds) {
        super(message);
        this.status = status;
        this.code = code;
        this.longMessage = longMessage;
        this.meta = meta == null ? Map.of() : Map.copyOf(meta);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public ClerkException(int status, String code, String message, String longMessage) {
        this(status, code, message, longMessage, Map.of(), null);
    }

    public static ClerkException notFound(String longMessage) {
        return new ClerkException(404, "resource_not_found", "not found", longMessage);
    }

    public static ClerkException userNotFound(String userId) {
        return notFound("No user was found with id " + userId);
    }

    public static ClerkException organizationNotFound() {
        return notFound("Given organization not found.");
    }

    public static ClerkException paramMissing(String param) {
        return new ClerkException(422, "form_param_missing", param + " must be included",
                param + " must be included", Map.of("param_name", param), null);
    }

    public static ClerkException paramFormatInvalid(String param, String longMessage) {
        return new ClerkException(422, "form_param_format_invalid", param + " is invalid", longMessage,
                Map.of("param_name", param), null);
    }

    public static ClerkException paramValueInvalid(String param, String longMessage) {
        return new ClerkException(422, "form_param_value_invalid", param + " is invalid", longMessage,
                Map.of("param_name", param), null);
    }

    public static ClerkException identifierExists(String param, String longMessage) {
        return new ClerkException(422, "form_identifier_exists", "That " + param + " is taken. Please try another.",
                longMessage, Map.of("param_name", param), null);
    }

    public static ClerkException tooManyRequests(long retryAfterSeconds) {
        return new ClerkException(429, "too_many_requests", "Too many requests, retry later",
                "Too many requests, retry later", Map.of("ResetsIn", retryAfterSeconds), retryAfterSeconds);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String longMessage() {
        return longMessage;
    }

    public Map<String, Object> meta() {
        return meta;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
