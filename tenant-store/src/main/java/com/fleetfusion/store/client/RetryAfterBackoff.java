package com.fleetfusion.store.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.eclipse.microprofile.config.ConfigProvider;

import io.smallrye.faulttolerance.api.CustomBackoffStrategy;

/**
 * Exponential backoff with equal jitter from the {@code @Retry} delay up to {@code clerk.retry.max-delay}; a
 * {@code Retry-After} (429, 503) is a floor: Clerk unblocks the key only then, an earlier attempt is wasted.
 */
public class RetryAfterBackoff implements CustomBackoffStrategy {

    private final long capMillis = ConfigProvider.getConfig()
            .getOptionalValue("clerk.retry.max-delay", Duration.class).orElse(Duration.ofSeconds(30)).toMillis();
    private long baseMillis;
    private int retries;

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
