package com.fleetfusion.clerk.client;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Clerk is throttling (429), failing (5xx) or unreachable: worth retrying, after {@code Retry-After} if given. */
public class ClerkUnavailableException extends ClerkApiException {

    private final transient Optional<Duration> retryAfter;

    public ClerkUnavailableException(String operation, int status, List<ClerkError> errors,
            Optional<Duration> retryAfter, Throwable cause) {
        super(operation, status, errors, cause);
        this.retryAfter = retryAfter;
    }

    /** Status 0: no HTTP answer at all (connection refused or reset, read timeout). */
    public static ClerkUnavailableException unreachable(String operation, Throwable cause) {
        return new ClerkUnavailableException(operation, 0, List.of(), Optional.empty(), cause);
    }

    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
