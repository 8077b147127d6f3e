package com.fleetfusion.emulator.service;

import java.time.Clock;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fleetfusion.emulator.config.EmulatorConfig;

/**
 * Clerk's per-instance Backend API limit (production: 1000 requests per 10 s): a fixed window, as Clerk answers
 * Retry-After with the seconds until its block expires.
 */
@ApplicationScoped
public class RateLimiter {

    @Inject
    EmulatorConfig config;

    Clock clock = Clock.systemUTC();

    private long windowStart;
    private int used;

    /** Empty when the request may go; else the seconds the caller must wait. */
    public synchronized OptionalLong acquire() {
        long now = clock.millis();
        long window = config.rateLimitWindow().toMillis();
        if (now - windowStart >= window) {
            windowStart = now;
            used = 0;
        }
        if (used < config.rateLimit()) {
            used++;
            return OptionalLong.empty();
        }
        long waitMs = windowStart + window - now;
        return OptionalLong.of(Math.max(1, (waitMs + 999) / 1000));
    }

    public synchronized void reset() {
        windowStart = 0;
        used = 0;
    }
}
