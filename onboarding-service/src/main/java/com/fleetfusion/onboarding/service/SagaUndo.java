package com.fleetfusion.onboarding.service;

import com.fleetfusion.onboarding.model.SagaRow;

/**
 * What the compensation has done so far, handed from one step's undo to the one before it: the saga (state
 * COMPENSATING) and whether something this saga created in Clerk was undone (then it ends COMPENSATED, else FAILED).
 */
record SagaUndo(SagaRow saga, boolean undone) {

    SagaUndo withUndone() {
        return new SagaUndo(saga, true);
    }
}
