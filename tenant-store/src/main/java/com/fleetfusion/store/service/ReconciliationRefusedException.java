package com.fleetfusion.store.service;

/**
 * Ends a reconciliation run in phase {@code refused} before it tombstones anything: {@code reason} is
 * {@code deletion-budget} or {@code instance-mismatch}; the message gives the figures.
 */
class ReconciliationRefusedException extends RuntimeException {

    private final String reason;

    ReconciliationRefusedException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    String reason() {
        return reason;
    }
}
