package com.fleetfusion.clerk.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.eclipse.microprofile.config.ConfigProvider;

import io.smallrye.faulttolerance.api.CustomBackoffStrategy;

/**
 * Exponential backoff with "equal jitter" (half fixed, half random), starting at the {@code @Retry} delay and capped
 * at {@code clerk.retry.max-delay} (each service sets its own); a {@code Retry-After} from a 429 or 503 is a floor:
 * Clerk unblocks the key only then, so an earlier retry is wasted. For {@code @CustomBackoff}: the fault-tolerance
 * runtime creates one instance per guarded call.
 */
public class RetryAfterBackoff implements CustomBackoffStrategy {

    /** The cap where {@code clerk.retry.max-delay} is not set. */
    static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(30);

    private final long capMillis;
    private long baseMillis;
    private int retries;

    public RetryAfterBackoff() {
        this(ConfigProvider.getConfig().getOptionalValue("clerk.retry.max-delay", Duration.class)
                .orElse(DEFAULT_MAX_DELAY));
    }

    RetryAfterBackoff(Duration maxDelay) {
        this.capMillis = maxDelay.toMillis();
    }

    @Override
    public void init(long initialDelayInMillis) {
        baseMillis = Math.max(1, initialDelayInMillis);
    }

    @Override
    public long nextDelayInMillis(Throwable failure) {
        long exponential = Math.min(capMillis, baseMillis << Math.min(retries++, 20));
        long delay = exponential / 2 + ThreadLocalRandom.current().nextLong(exponential / 2 + 1);
        if (failure instanceof ClerkUnavailableException unavailable && unavailable.retryAfter().isPresent()) {
            delay = Math.max(delay, unavailable.retryAfter().get().toMillis());
        }
        return delay;
    }
}
