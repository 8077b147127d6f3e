package com.fleetfusion.session;

/** A refused session token, typed by its {@link SessionRefusal}; the detail never contains the token. */
public class SessionRefusedException extends RuntimeException {

    private final SessionRefusal refusal;

    public SessionRefusedException(SessionRefusal refusal, String detail) {
        this(refusal, detail, null);
    }

    public SessionRefusedException(SessionRefusal refusal, String detail, Throwable cause) {
        // no stack trace: refusals are expected, frequent and answered, never logged with a trace
        super(detail, cause, false, false);
        this.refusal = refusal;
    }

    public SessionRefusal refusal() {
        return refusal;
    }
}
