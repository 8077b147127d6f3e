package com.fleetfusion.store.service;

/** A record that can never be applied (not JSON, unknown shape, missing identifying ids): it is dead-lettered. */
public class UnapplicableEventException extends Exception {

    public UnapplicableEventException(String message) {
        super(message);
    }

    public UnapplicableEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
