package com.fleetfusion.problem;

import java.util.Map;

/**
 * A refusal or failure answered as a catalogued problem: a service's own exceptions extend it and {@link ProblemWriter}
 * answers them. The detail is the problem's {@code detail}: fixed text or values the service produced, never caller
 * input. No stack trace: these are answers, not bugs, and some come in floods.
 */
public class ProblemException extends RuntimeException {

    private final ProblemType type;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, null);
    }

    public ProblemException(ProblemType type, String detail, Throwable cause) {
        super(detail, cause, false, false);
        this.type = type;
    }

    public ProblemType type() {
        return type;
    }

    /** The problem document; a subclass adds the extension members its type needs. */
    public Problem toProblem() {
        return Problem.of(type, getMessage());
    }

    /** Response headers the answer carries beside the body (Retry-After, WWW-Authenticate...). */
    public Map<String, String> headers() {
        return Map.of();
    }
}
