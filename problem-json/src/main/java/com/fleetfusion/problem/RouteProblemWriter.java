package com.fleetfusion.problem;

import java.util.Map;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * The one writer of problems on Vert.x routes (the gateway's proxy and navigation routes, which answer below
 * JAX-RS): the same body and media type as {@link ProblemWriter}.
 */
public final class RouteProblemWriter {

    private RouteProblemWriter() {
    }

    /** Answers the route with the problem, unless the response has already started (then the stream is reset). */
    public static void write(RoutingContext context, Problem problem) {
        write(context, problem, Map.of());
    }

    public static void write(RoutingContext context, Problem problem, Map<String, String> headers) {
        HttpServerResponse response = context.response();
        if (response.headWritten()) {
            response.reset();
            return;
        }
        response.setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE);
        headers.forEach(response::putHeader);
        response.end(problem.toJson());
    }
}
