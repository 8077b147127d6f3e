package com.fleetfusion.emulator.service;

import com.fleetfusion.problem.ProblemException;
import com.fleetfusion.problem.ProblemType;

/**
 * A refused call of the emulator's own control API ({@code /__emulator}): a missing or out-of-range value, answered
 * 422 as problem+json by the shared writer. The detail names the value, never echoes what was sent.
 */
public class ControlApiException extends ProblemException {

    public ControlApiException(String detail) {
        super(ProblemType.INVALID_CONTROL_REQUEST, detail);
    }
}
