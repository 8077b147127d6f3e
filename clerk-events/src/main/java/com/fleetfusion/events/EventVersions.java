package com.fleetfusion.events;

import java.time.Duration;

/**
 * Event versions: epoch times in ms, where Clerk sometimes sends seconds. A version far ahead of the clock cannot be
 * genuine and would pin a row for ever (last writer wins): it is refused.
 */
public final class EventVersions {

    /** Epoch values below this are seconds (10^12 ms is September 2001; 10^12 s is 33 658 AD). */
    public static final long SECONDS_LIMIT = 1_000_000_000_000L;
    /** The default of {@code EVENTS_MAX_FUTURE}. */
    public static final Duration DEFAULT_MAX_FUTURE = Duration.ofHours(1);

    private EventVersions() {
    }

    /** {@code epoch} in ms: values below {@link #SECONDS_LIMIT} are taken as seconds. */
    public static long toMillis(long epoch) {
        return epoch < SECONDS_LIMIT ? epoch * 1000 : epoch;
    }

    /** Whether {@code versionMillis} is more than {@code maxFuture} ahead of {@code nowMillis}. */
    public static boolean isTooFarAhead(long versionMillis, long nowMillis, Duration maxFuture) {
        return versionMillis - nowMillis > maxFuture.toMillis();
    }
}
