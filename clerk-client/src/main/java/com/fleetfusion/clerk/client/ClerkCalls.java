package com.fleetfusion.clerk.client;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import io.smallrye.mutiny.Uni;

/**
 * What every Clerk Backend API call of the suite has in common, whatever the service's REST client interface and call
 * policy: the pinned API version and the secret key as request headers, the failures that count as "unreachable",
 * and the outcome label of an attempt in the metrics.
 */
public final class ClerkCalls {

    /** Pinned: the object shapes the services read are those of this version of the Backend API. */
    public static final String API_VERSION = "2026-05-12";

    /** The value of {@code @ClientHeaderParam(name = "Authorization", value = ClerkCalls.AUTHORIZATION)}. */
    public static final String AUTHORIZATION = "{com.fleetfusion.clerk.client.ClerkCalls.bearer}";

    private ClerkCalls() {
    }

    /** {@code Bearer <clerk.secret-key>}, read per request rather than at build time: the key is never built in. */
    public static String bearer() {
        return "Bearer " + ConfigProvider.getConfig().getValue("clerk.secret-key", String.class);
    }

    /**
     * One attempt of a call: a failure other than Clerk's own error answer (connection refused or reset, read
     * timeout) becomes {@link ClerkUnavailableException#unreachable}, retried like a 503.
     */
    public static <T> Uni<T> attempt(String operation, Uni<T> request) {
        return request.onFailure(failure -> !(failure instanceof ClerkApiException))
                .transform(failure -> ClerkUnavailableException.unreachable(operation, failure));
    }

    /**
     * The outcome of an attempt as a metric label: {@code ok}, {@code timeout} (cut off by the per-attempt timeout),
     * {@code unreachable}, Clerk's HTTP status, or {@code error}.
     */
    public static String outcome(Throwable failure, boolean cancelled) {
        if (cancelled || failure instanceof TimeoutException) {
            return "timeout";
        }
        if (failure == null) {
            return "ok";
        }
        if (failure instanceof ClerkApiException clerk) {
            return clerk.status() == 0 ? "unreachable" : Integer.toString(clerk.status());
        }
        return "error";
    }
}
