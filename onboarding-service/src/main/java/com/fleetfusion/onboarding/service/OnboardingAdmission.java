package com.fleetfusion.onboarding.service;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fleetfusion.onboarding.config.OnboardingConfig;

/**
 * Admission of onboarding attempts before any Clerk call: each attempt costs several Backend API calls on the
 * instance-wide key that reconciliation needs too. Two token buckets: one per user (a person clicking, a script
 * looping) and one for the whole replica, sized so that onboarding uses at most half of Clerk's limit. In memory:
 * with several replicas each keeps its own buckets, so the global budget is per replica (docs/operations.md).
 */
@ApplicationScoped
public class OnboardingAdmission {

    /** Buckets of users idle this long are full again and are dropped when the map is swept. */
    private static final int SWEEP_ABOVE = 10_000;

    private final OnboardingConfig.RateLimit limits;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> users = new ConcurrentHashMap<>();
    private Bucket global;

    @Inject
    public OnboardingAdmission(OnboardingConfig config) {
        this(config.rateLimit(), System::nanoTime);
    }

    OnboardingAdmission(OnboardingConfig.RateLimit limits, LongSupplier nanoTime) {
        this.limits = limits;
        this.nanoTime = nanoTime;
        this.global = Bucket.full(limits.globalBurst(), nanoTime.getAsLong());
    }

    /** Takes one attempt of {@code userId}, or refuses it with the time after which one would be admitted. */
    public void admit(String userId) {
        long now = nanoTime.getAsLong();
        double perUserRate = limits.perUser() / (double) limits.perUserWindow().toNanos();
        double globalRate = limits.globalPerSecond() / 1e9;
        synchronized (this) {
            if (users.size() > SWEEP_ABOVE) {
                users.values().removeIf(bucket -> bucket.refilled(now, perUserRate, limits.perUser()).isFull(
                        limits.perUser()));
            }
            Bucket user = users.getOrDefault(userId, Bucket.full(limits.perUser(), now))
                    .refilled(now, perUserRate, limits.perUser());
            Bucket all = global.refilled(now, globalRate, limits.globalBurst());
            if (user.tokens() < 1) {
                throw new OnboardingRateLimitedException(user.untilOne(perUserRate), false);
            }
            if (all.tokens() < 1) {
                throw new OnboardingRateLimitedException(all.untilOne(globalRate), true);
            }
            users.put(userId, user.take());
            global = all.take();
        }
    }

    /** Tokens and the time they were counted at; refilled continuously at a rate per nanosecond. */
    private record Bucket(double tokens, long at) {

        static Bucket full(double capacity, long now) {
            return new Bucket(capacity, now);
        }

        Bucket refilled(long now, double ratePerNano, double capacity) {
            return new Bucket(Math.min(capacity, tokens + (now - at) * ratePerNano), now);
        }

        boolean isFull(double capacity) {
            return tokens >= capacity;
        }

        Bucket take() {
            return new Bucket(tokens - 1, at);
        }

        Duration untilOne(double ratePerNano) {
            return Duration.ofNanos((long) Math.ceil((1 - tokens) / ratePerNano));
        }
    }
}
