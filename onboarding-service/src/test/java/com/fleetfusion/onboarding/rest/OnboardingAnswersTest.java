package com.fleetfusion.onboarding.rest;

import java.util.List;
import java.util.Optional;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.junit.jupiter.api.Test;

import com.fleetfusion.clerk.client.ClerkApiException;
import com.fleetfusion.clerk.client.ClerkUnavailableException;
import com.fleetfusion.onboarding.model.SagaState;
import com.fleetfusion.onboarding.service.DeadlineExceededException;
import com.fleetfusion.onboarding.service.OnboardingCompleteException;
import com.fleetfusion.onboarding.service.OnboardingFailedException;
import com.fleetfusion.onboarding.service.SagaFailedException;
import com.fleetfusion.onboarding.service.SlugUnavailableException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which answer each way a saga can end gets; ProblemMapper writes it. */
class OnboardingAnswersTest {

    private static OnboardingFailedException answer(Throwable cause, SagaState ended) {
        return (OnboardingFailedException) OnboardingAnswers.answerFor(new SagaFailedException(cause, ended));
    }

    @Test
    void aRefusedStepIs502AndSaysWhatWasUndone() {
        ClerkApiException refused = new ClerkApiException("CreateOrganizationMembership", 422, List.of(), null);

        OnboardingFailedException answer = answer(refused, SagaState.COMPENSATED);

        assertThat(answer.status()).isEqualTo(502);
        assertThat(answer.compensated()).isTrue();
        assertThat(answer.getMessage()).isEqualTo(
                "Clerk refused a step of the onboarding; what had been created was undone. You may retry.");
        assertThat(answer.getCause()).isSameAs(refused);
    }

    @Test
    void clerkUnavailableTooSlowOrBreakerOpenIs503() {
        ClerkUnavailableException throttled = new ClerkUnavailableException("GetUser", 429, List.of(),
                Optional.empty(), null);

        assertThat(answer(throttled, SagaState.FAILED).status()).isEqualTo(503);
        assertThat(answer(throttled, SagaState.FAILED).compensated()).isFalse();
        assertThat(answer(throttled, SagaState.FAILED).getMessage())
                .isEqualTo("Clerk did not answer in time; nothing was created. You may retry.");
        assertThat(answer(new CircuitBreakerOpenException(), SagaState.FAILED).status()).isEqualTo(503);
        assertThat(answer(new DeadlineExceededException(), SagaState.COMPENSATING).getMessage()).isEqualTo(
                "Clerk did not answer in time; the partial result will be cleaned up shortly. You may retry.");
    }

    @Test
    void anyOtherFailureIs503() {
        OnboardingFailedException answer = answer(new IllegalStateException("kafka"), SagaState.COMPENSATED);

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.getMessage()).startsWith("the onboarding could not finish; ");
    }

    @Test
    void takenSlugsAndRefusalsBeforeTheSagaPassThroughAsThey() {
        SlugUnavailableException taken = new SlugUnavailableException("acme", 4);
        OnboardingCompleteException complete = new OnboardingCompleteException("org_1", "acme");

        assertThat(OnboardingAnswers.answerFor(new SagaFailedException(taken, SagaState.FAILED))).isSameAs(taken);
        assertThat(OnboardingAnswers.answerFor(complete)).isSameAs(complete);
    }
}
