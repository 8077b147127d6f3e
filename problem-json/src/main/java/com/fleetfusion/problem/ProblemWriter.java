package com.fleetfusion.problem;

import java.util.Map;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one JAX-RS writer of problems: every service's exception mappers answer through {@link #response}, and any
 * {@link ProblemException} without a more specific mapper is answered here. The body is pre-serialized
 * ({@link Problem#toJson()}), so it is the same whichever JSON provider the service has. X-Content-Type-Options and
 * the gateway's Cache-Control come from each service's quarkus.http.header settings, on every answer.
 */
public class ProblemWriter {

    @ServerExceptionMapper
    public Response answer(ProblemException problem) {
        return response(problem.toProblem(), problem.headers()).build();
    }

    /** The answer of a problem: its status, {@code application/problem+json} and the body. */
    public static Response.ResponseBuilder response(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem.toJson());
    }

    /** The answer of a problem with headers beside it. */
    public static Response.ResponseBuilder response(Problem problem, Map<String, String> headers) {
        Response.ResponseBuilder answer = response(problem);
        headers.forEach(answer::header);
        return answer;
    }
}
