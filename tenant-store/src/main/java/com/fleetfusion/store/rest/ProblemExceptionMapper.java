package com.fleetfusion.store.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;


/**
 * The service's one exception mapper: every error is {@code application/problem+json} (RFC 9457) with a stable
 * type. A refused session token is answered by the shared clerk-session module's mapper, the same as in every service
 * that reads a session. Never a stack trace, never a token.
 */
public class ProblemExceptionMapper {

    public static final String TYPE_PREFIX = "https://fleetfusion.dev/problems/";

    private static final Logger LOG = Logger.getLogger(ProblemExceptionMapper.class);

    /** RFC 9457 problem details. */
    public record Problem(String type, String title, int status, String detail) {
    }

    @ServerExceptionMapper
    public Response toResponse(Throwable failure) {
        Problem problem;
        if (failure instanceof TenantStoreException known) {
            problem = problem(known.type(), known.title(), known.status(), known.getMessage());
        } else if (failure instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
            int status = web.getResponse().getStatus();
            Response.Status known = Response.Status.fromStatusCode(status);
            String title = known == null ? "Request failed" : known.getReasonPhrase();
            problem = problem(title.toLowerCase().replace(' ', '-'), title, status, null);
        } else {
            LOG.error("request failed", failure);
            problem = problem("internal-error", "Internal error", 500, "The request could not be completed.");
        }
        Response.ResponseBuilder response = Response.status(problem.status()).type("application/problem+json")
                .entity(problem);
        if (problem.status() == 401) {
            response.header("WWW-Authenticate", "Bearer");
        }
        return response.build();
    }

    private static Problem problem(String type, String title, int status, String detail) {
        return new Problem(TYPE_PREFIX + type, title, status, detail);
    }
}
