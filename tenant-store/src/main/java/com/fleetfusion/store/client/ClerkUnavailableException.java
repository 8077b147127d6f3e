package com.fleetfusion.store.client;

import java.time.Duration;
import java.util.Optional;

/** Clerk is throttling (429), failing (5xx) or unreachable: worth retrying, after {@code Retry-After} if given. */
public class ClerkUnavailableException extends ClerkApiException {

    private final transient Optional<Duration> retryAfter;

    public ClerkUnavailableException(String operation, int status, Optional<Duration> retryAfter, Throwable cause) {
        super(operation, status, cause);
        this.retryAfter = retryAfter;
    }

    /** No HTTP answer at all (connection refused or reset). */
    public static ClerkUnavailableException unreachable(String operation, Throwable cause) {
        return new ClerkUnavailableException(operation, 0, Optional.empty(), cause);
    }

    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
