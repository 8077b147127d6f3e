package com.fleetfusion.session;

import java.util.Map;

import com.fleetfusion.problem.ProblemException;

/**
 * A refused session token, typed by its {@link SessionRefusal}; the detail never contains the token. Answered by the
 * shared problem-json writer, the same body in every JAX-RS service: a 401 names the scheme in
 * {@code WWW-Authenticate}, the 503 of keys not loaded yet says when to retry.
 */
public class SessionRefusedException extends ProblemException {

    private static final Map<String, String> UNAUTHENTICATED = Map.of("WWW-Authenticate", "Bearer");
    private static final Map<String, String> RETRY_LATER = Map.of("Retry-After", "5");

    private final SessionRefusal refusal;

    public SessionRefusedException(SessionRefusal refusal, String detail) {
        this(refusal, detail, null);
    }

    public SessionRefusedException(SessionRefusal refusal, String detail, Throwable cause) {
        // no stack trace (ProblemException): refusals are expected, frequent and answered, never logged with a trace
        super(refusal.type(), detail, cause);
        this.refusal = refusal;
    }

    public SessionRefusal refusal() {
        return refusal;
    }

    @Override
    public Map<String, String> headers() {
        return refusal.status() == 401 ? UNAUTHENTICATED : RETRY_LATER;
    }
}
