package com.fleetfusion.store.rest;

import java.util.Map;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fleetfusion.problem.Problem;
import com.fleetfusion.problem.ProblemType;
import com.fleetfusion.problem.ProblemWriter;

/**
 * The service's failures that are not its own refusals, as problem+json through the shared writer: a plain HTTP
 * failure by its status, anything else an internal error. The service's refusals ({@link TenantStoreException}) and
 * a refused session token are answered by the shared writer directly. Never a stack trace, never a token.
 */
public class ProblemExceptionMapper {

    private static final Logger LOG = Logger.getLogger(ProblemExceptionMapper.class);
    private static final Map<String, String> UNAUTHENTICATED = Map.of("WWW-Authenticate", "Bearer");

    @ServerExceptionMapper
    public Response toResponse(Throwable failure) {
        Problem problem;
        if (failure instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
            int status = web.getResponse().getStatus();
            problem = Problem.of(ProblemType.ofHttpStatus(status), status, null);
        } else {
            LOG.error("request failed", failure);
            problem = Problem.of(ProblemType.INTERNAL_ERROR, "The request could not be completed.");
        }
        return ProblemWriter.response(problem, headersFor(problem.status())).build();
    }

    /** A 401 names the scheme the service accepts. */
    static Map<String, String> headersFor(int status) {
        return status == 401 ? UNAUTHENTICATED : Map.of();
    }
}
