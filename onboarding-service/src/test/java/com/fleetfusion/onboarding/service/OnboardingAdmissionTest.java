package com.fleetfusion.onboarding.service;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import com.fleetfusion.onboarding.config.OnboardingConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The admission buckets on a hand-moved clock: no Quarkus, no waiting. */
class OnboardingAdmissionTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private OnboardingAdmission admission(int perUser, double globalPerSecond, int globalBurst) {
        OnboardingConfig.RateLimit limits = new OnboardingConfig.RateLimit() {
            public int perUser() {
                return perUser;
            }

            public Duration perUserWindow() {
                return Duration.ofMinutes(1);
            }

            public double globalPerSecond() {
                return globalPerSecond;
            }

            public int globalBurst() {
                return globalBurst;
            }
        };
        return new OnboardingAdmission(limits, now::get);
    }

    @Test
    void aUserGetsFiveAttemptsAMinuteThenWaitsForTheNextOne() {
        OnboardingAdmission admission = admission(5, 100, 100);
        for (int i = 0; i < 5; i++) {
            admission.admit("user_a");
        }
        OnboardingRateLimitedException refused = catchThrowableOfType(OnboardingRateLimitedException.class,
                () -> admission.admit("user_a"));
        assertThat(refused.global()).isFalse();
        assertThat(refused.retryAfterSeconds()).isEqualTo(12);
        // another user is not affected
        admission.admit("user_b");
        now.addAndGet(Duration.ofSeconds(12).toNanos());
        admission.admit("user_a");
        assertThatThrownBy(() -> admission.admit("user_a")).isInstanceOf(OnboardingRateLimitedException.class);
    }

    @Test
    void theReplicaBudgetRefusesEveryUserOnceUsedUp() {
        OnboardingAdmission admission = admission(5, 2, 3);
        admission.admit("user_1");
        admission.admit("user_2");
        admission.admit("user_3");
        OnboardingRateLimitedException refused = catchThrowableOfType(OnboardingRateLimitedException.class,
                () -> admission.admit("user_4"));
        assertThat(refused.global()).isTrue();
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
        now.addAndGet(Duration.ofMillis(500).toNanos());
        admission.admit("user_4");
    }

    @Test
    void aRefusedAttemptCostsNothing() {
        OnboardingAdmission admission = admission(1, 100, 100);
        admission.admit("user_a");
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> admission.admit("user_a")).isInstanceOf(OnboardingRateLimitedException.class);
        }
        now.addAndGet(Duration.ofMinutes(1).toNanos());
        admission.admit("user_a");
    }
}
