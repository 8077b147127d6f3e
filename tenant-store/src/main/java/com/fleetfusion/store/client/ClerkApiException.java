package com.fleetfusion.store.client;

import java.lang.reflect.Method;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

import jakarta.ws.rs.core.Response;

/**
 * A Clerk Backend API call answered with an error. 4xx other than 429 are final; {@link ClerkUnavailableException}
 * is the kind worth retrying. The message names the operation and status only (never a key or a body).
 */
public class ClerkApiException extends RuntimeException {

    private final String operation;
    private final int status;

    public ClerkApiException(String operation, int status, Throwable cause) {
        super(operation + (status == 0 ? " got no answer" : " answered " + status), cause);
        this.operation = operation;
        this.status = status;
    }

    static ClerkApiException from(String operation, Response response) {
        int status = response.getStatus();
        if (status == 429 || status >= 500) {
            return new ClerkUnavailableException(operation, status,
                    retryAfter(response.getHeaderString("Retry-After")), null);
        }
        return new ClerkApiException(operation, status, null);
    }

    /** "GetUserList" for the method {@code getUserList}: the spec's operationId. */
    static String operationOf(Method method) {
        String name = method.getName();
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    /** Seconds or an HTTP date (RFC 9110); unreadable: empty. */
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

    public String operation() {
        return operation;
    }

    /** The HTTP status; 0 when Clerk gave no answer. */
    public int status() {
        return status;
    }
}
