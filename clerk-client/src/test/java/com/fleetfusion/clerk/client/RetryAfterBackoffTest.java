package com.fleetfusion.clerk.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class RetryAfterBackoffTest {

    private static final ClerkUnavailableException SERVER_ERROR = unavailable(503, Optional.empty());

    private static ClerkUnavailableException unavailable(int status, Optional<Duration> retryAfter) {
        return new ClerkUnavailableException("GetUser", status, List.of(), retryAfter, null);
    }

    private static RetryAfterBackoff backoff(Duration maxDelay, long initialDelayMillis) {
        RetryAfterBackoff backoff = new RetryAfterBackoff(maxDelay);
        backoff.init(initialDelayMillis);
        return backoff;
    }

    @RepeatedTest(20)
    void delaysDoubleFromTheRetryDelayWithEqualJitterUpToTheCap() {
        RetryAfterBackoff backoff = backoff(Duration.ofMillis(1000), 200);

        assertThat(backoff.nextDelayInMillis(SERVER_ERROR)).isBetween(100L, 200L);
        assertThat(backoff.nextDelayInMillis(SERVER_ERROR)).isBetween(200L, 400L);
        assertThat(backoff.nextDelayInMillis(SERVER_ERROR)).isBetween(400L, 800L);
        assertThat(backoff.nextDelayInMillis(SERVER_ERROR)).isBetween(500L, 1000L);
        assertThat(backoff.nextDelayInMillis(SERVER_ERROR)).isBetween(500L, 1000L);
    }

    @Test
    void manyRetriesStayWithinTheCapWithoutOverflow() {
        RetryAfterBackoff backoff = backoff(Duration.ofSeconds(5), 50);

        for (int retry = 0; retry < 100; retry++) {
            assertThat(backoff.nextDelayInMillis(SERVER_ERROR)).as("retry %d", retry).isBetween(0L, 5000L);
        }
        assertThat(backoff.nextDelayInMillis(SERVER_ERROR)).isBetween(2500L, 5000L);
    }

    @Test
    void aZeroRetryDelayStillBacksOff() {
        RetryAfterBackoff backoff = backoff(Duration.ofSeconds(1), 0);

        assertThat(backoff.nextDelayInMillis(SERVER_ERROR)).isBetween(0L, 1L);
        assertThat(backoff.nextDelayInMillis(SERVER_ERROR)).isBetween(1L, 2L);
    }

    @Test
    void retryAfterIsAFloorEvenAboveTheCap() {
        RetryAfterBackoff backoff = backoff(Duration.ofMillis(300), 50);

        assertThat(backoff.nextDelayInMillis(unavailable(429, Optional.of(Duration.ofSeconds(2))))).isEqualTo(2000);
    }

    @Test
    void aShorterRetryAfterDoesNotShortenTheBackoff() {
        RetryAfterBackoff backoff = backoff(Duration.ofSeconds(1), 400);

        assertThat(backoff.nextDelayInMillis(unavailable(429, Optional.of(Duration.ZERO)))).isBetween(200L, 400L);
    }

    @Test
    void withoutRetryAfterOnlyTheBackoffCounts() {
        RetryAfterBackoff backoff = backoff(Duration.ofSeconds(1), 400);

        assertThat(backoff.nextDelayInMillis(unavailable(429, Optional.empty()))).isBetween(200L, 400L);
        assertThat(backoff.nextDelayInMillis(new TimeoutException())).isBetween(400L, 800L);
        assertThat(backoff.nextDelayInMillis(ClerkUnavailableException.unreachable("GetUser", new IOException())))
                .isBetween(500L, 1000L);
    }

    @Test
    void theCapIsClerkRetryMaxDelay() {
        try (TestConfig config = TestConfig.of(Map.of("clerk.retry.max-delay", "PT0.3S"))) {
            RetryAfterBackoff backoff = new RetryAfterBackoff();
            backoff.init(10_000);

            assertThat(backoff.nextDelayInMillis(SERVER_ERROR)).isBetween(150L, 300L);
        }
    }

    @Test
    void theCapIsThirtySecondsWhereClerkRetryMaxDelayIsUnset() {
        try (TestConfig config = TestConfig.of(Map.of())) {
            RetryAfterBackoff backoff = new RetryAfterBackoff();
            backoff.init(100_000);

            assertThat(backoff.nextDelayInMillis(SERVER_ERROR)).isBetween(15_000L, 30_000L);
        }
    }
}
