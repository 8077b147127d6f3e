package com.fleetfusion.gateway.rest;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fleetfusion.gateway.model.GatewayException;
import com.fleetfusion.problem.Problem;
import com.fleetfusion.problem.ProblemWriter;
import com.fleetfusion.problem.RouteProblemWriter;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * The gateway's refusals through the shared problem-json writers: for the JAX-RS resources, and (through
 * {@link #write}) for the proxy and navigation routes that answer at the Vert.x level. The gateway's problems name
 * the request path as {@code instance} when it is in the plain form, never raw client input.
 */
public class ProblemMapper {

    @ServerExceptionMapper
    public Response map(GatewayException refused, HttpServerRequest request) {
        return ProblemWriter.response(problem(refused, request.path())).build();
    }

    /** Answers a Vert.x route with the refusal, unless the response has already started. */
    public static void write(RoutingContext context, GatewayException refused) {
        RouteProblemWriter.write(context, problem(refused, context.request().path()));
    }

    private static Problem problem(GatewayException refused, String path) {
        return refused.toProblem().withInstance(Problem.plainPath(path));
    }
}
