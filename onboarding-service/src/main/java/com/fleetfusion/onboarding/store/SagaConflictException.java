package com.fleetfusion.onboarding.store;

/** Another saga of the same user is in flight, or the Idempotency-Key is already taken (a unique index said so). */
public class SagaConflictException extends RuntimeException {

    public SagaConflictException(String constraint) {
        super("saga conflicts on " + constraint);
    }
}
