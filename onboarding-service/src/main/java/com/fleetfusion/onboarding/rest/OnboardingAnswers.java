package com.fleetfusion.onboarding.rest;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import com.fleetfusion.clerk.client.ClerkApiException;
import com.fleetfusion.clerk.client.ClerkUnavailableException;
import com.fleetfusion.onboarding.model.SagaState;
import com.fleetfusion.onboarding.service.DeadlineExceededException;
import com.fleetfusion.onboarding.service.OnboardingFailedException;
import com.fleetfusion.onboarding.service.SagaFailedException;
import com.fleetfusion.onboarding.service.SlugUnavailableException;

/**
 * Which answer a saga that could not finish gets: 409 when every slug was taken, 502 when Clerk refused a step,
 * 503 when Clerk (or Kafka) was unavailable or too slow; the problem+json itself is {@link ProblemMapper}'s.
 * Other failures pass through as they are.
 */
final class OnboardingAnswers {

    private OnboardingAnswers() {
    }

    static Throwable answerFor(Throwable failure) {
        if (!(failure instanceof SagaFailedException sagaFailed)) {
            return failure;
        }
        Throwable cause = sagaFailed.getCause();
        if (cause instanceof SlugUnavailableException slugTaken) {
            return slugTaken;
        }
        SagaState ended = sagaFailed.ended();
        boolean refused = cause instanceof ClerkApiException && !(cause instanceof ClerkUnavailableException);
        boolean unavailable = cause instanceof ClerkUnavailableException || cause instanceof TimeoutException
                || cause instanceof CircuitBreakerOpenException || cause instanceof DeadlineExceededException;
        String what = refused ? "Clerk refused a step of the onboarding"
                : unavailable ? "Clerk did not answer in time" : "the onboarding could not finish";
        String cleanup = switch (ended) {
            case COMPENSATED -> "what had been created was undone";
            case FAILED -> "nothing was created";
            default -> "the partial result will be cleaned up shortly";
        };
        return new OnboardingFailedException(refused ? 502 : 503, ended == SagaState.COMPENSATED,
                what + "; " + cleanup + ". You may retry.", cause);
    }
}
