package com.fleetfusion.emulator.service;

/** A refused call of the emulator's own control API ({@code /__emulator}): answered as problem+json. */
public class ControlApiException extends RuntimeException {

    private final int status;

    public ControlApiException(int status, String detail) {
        super(detail);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
