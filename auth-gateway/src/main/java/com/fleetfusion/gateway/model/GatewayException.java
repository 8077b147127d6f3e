package com.fleetfusion.gateway.model;

/** A refusal of the gateway: typed by its {@link ProblemType}, rendered as problem+json by the one mapper. */
public class GatewayException extends RuntimeException {

    private final ProblemType type;
    private final String next;

    public GatewayException(ProblemType type, String detail) {
        this(type, detail, null, null);
    }

    public GatewayException(ProblemType type, String detail, Throwable cause) {
        this(type, detail, null, cause);
    }

    private GatewayException(ProblemType type, String detail, String next, Throwable cause) {
        super(detail, cause, false, false);
        this.type = type;
        this.next = next;
    }

    public ProblemType type() {
        return type;
    }

    public String next() {
        return next;
    }

    /** The same refusal, telling the SPA where to go. */
    public GatewayException withNext(String where) {
        return new GatewayException(type, getMessage(), where, getCause());
    }

    public Problem toProblem(String instance) {
        return new Problem(type.uri(), type.title(), type.status(), getMessage(), instance, next);
    }
}
