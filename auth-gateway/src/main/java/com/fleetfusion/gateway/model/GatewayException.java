package com.fleetfusion.gateway.model;

import com.fleetfusion.problem.Problem;
import com.fleetfusion.problem.ProblemException;
import com.fleetfusion.problem.ProblemType;
import com.fleetfusion.session.SessionRefusal;

/**
 * A refusal of the gateway: typed by its catalogued {@link ProblemType}, rendered as problem+json by the shared
 * writers (rest/ProblemMapper). A refused session token keeps its {@link SessionRefusal}, which says whether the
 * refusal may be remembered.
 */
public class GatewayException extends ProblemException {

    private final SessionRefusal refusal;
    private final String next;

    public GatewayException(ProblemType type, String detail) {
        this(type, null, detail, null, null);
    }

    public GatewayException(ProblemType type, String detail, Throwable cause) {
        this(type, null, detail, null, cause);
    }

    /** A refused session token. */
    public GatewayException(SessionRefusal refusal, String detail) {
        this(refusal.type(), refusal, detail, null, null);
    }

    private GatewayException(ProblemType type, SessionRefusal refusal, String detail, String next, Throwable cause) {
        super(type, detail, cause);
        this.refusal = refusal;
        this.next = next;
    }

    /** The session refusal this answers, null for the gateway's own refusals. */
    public SessionRefusal sessionRefusal() {
        return refusal;
    }

    public String next() {
        return next;
    }

    /** The same refusal, telling the SPA where to go. */
    public GatewayException withNext(String where) {
        return new GatewayException(type(), refusal, getMessage(), where, getCause());
    }

    /** The problem document; {@code next} is where the SPA should go (only on GET /api/session refusals). */
    @Override
    public Problem toProblem() {
        return super.toProblem().with("next", next);
    }
}
