package com.fleetfusion.gateway.rest;

import java.util.regex.Pattern;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fleetfusion.gateway.model.GatewayException;
import com.fleetfusion.gateway.model.Problem;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * The service's one mapping of refusals to {@code application/problem+json}: for the JAX-RS resources, and (through
 * {@link #write}) for the proxy and navigation routes that answer at the Vert.x level.
 */
public class ProblemMapper {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A path echoed as {@code instance} only in this form: plain segments, bounded; anything else is left out. */
    private static final Pattern PLAIN_PATH = Pattern.compile("(/[A-Za-z0-9._~-]{1,128}){1,16}/?");

    @ServerExceptionMapper
    public Response map(GatewayException refused, HttpServerRequest request) {
        return Response.status(refused.type().status())
                .type(Problem.MEDIA_TYPE)
                .entity(refused.toProblem(instance(request.path())))
                .build();
    }

    /** Answers a Vert.x route with the refusal, unless the response has already started. */
    public static void write(RoutingContext context, GatewayException refused) {
        if (context.response().headWritten()) {
            context.response().reset();
            return;
        }
        String body;
        try {
            body = JSON.writeValueAsString(refused.toProblem(instance(context.request().path())));
        } catch (JsonProcessingException e) {
            body = "{\"status\":" + refused.type().status() + "}";
        }
        context.response().setStatusCode(refused.type().status())
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(body);
    }

    /** The request path as the problem's {@code instance}, when it is in the plain form; never raw client input. */
    static String instance(String path) {
        return path != null && PLAIN_PATH.matcher(path).matches() ? path : null;
    }
}
