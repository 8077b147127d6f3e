package com.fleetfusion.onboarding.service;

import com.fleetfusion.onboarding.model.SagaState;

/**
 * The saga could not finish; its cause is the failure that stopped it, {@code ended} the state the compensation left
 * it in (COMPENSATED, FAILED, or COMPENSATING when the recovery job will finish the undo). The REST layer chooses the
 * answer.
 */
public class SagaFailedException extends RuntimeException {

    private final SagaState ended;

    public SagaFailedException(Throwable failure, SagaState ended) {
        super("onboarding saga ended " + ended + ": " + failure, failure);
        this.ended = ended;
    }

    public SagaState ended() {
        return ended;
    }
}
