package com.fleetfusion.session;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A refused session as problem+json (RFC 9457), the same body in every JAX-RS service: the refusal's type, title,
 * status and a fixed detail (never the token); a 401 names the scheme in {@code WWW-Authenticate}.
 */
public class SessionProblemMapper {

    public static final String PROBLEM_JSON = "application/problem+json";

    /** The problem body. */
    public record Problem(String type, String title, int status, String detail) {
    }

    @ServerExceptionMapper
    public Response refused(SessionRefusedException refused) {
        SessionRefusal refusal = refused.refusal();
        Response.ResponseBuilder answer = Response.status(refusal.status()).type(PROBLEM_JSON)
                .entity(new Problem(refusal.uri(), refusal.title(), refusal.status(), refused.getMessage()));
        if (refusal.status() == 401) {
            answer.header("WWW-Authenticate", "Bearer");
        } else {
            answer.header("Retry-After", "5");
        }
        return answer.build();
    }
}
