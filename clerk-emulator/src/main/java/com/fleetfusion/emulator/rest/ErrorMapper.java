package com.fleetfusion.emulator.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fleetfusion.emulator.service.ClerkException;
import com.fleetfusion.problem.Problem;
import com.fleetfusion.problem.ProblemType;
import com.fleetfusion.problem.ProblemWriter;

import io.vertx.core.http.HttpServerRequest;

/**
 * The one exception mapper. The Backend API (/v1) answers in Clerk's ClerkErrors shape, because the emulator is Clerk;
 * its own control API (/__emulator) and everything else answer the suite's problem+json through the shared writer
 * (a {@link com.fleetfusion.emulator.service.ControlApiException} is answered there directly).
 */
public class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

    @ServerExceptionMapper
    public Response clerk(ClerkException e, HttpServerRequest request) {
        if (isBackendApi(request)) {
            return ClerkErrors.response(e);
        }
        // a Clerk failure met by a control call (an unknown user...): Clerk's short message, never the id sent
        ProblemType type = e.status() == 422 ? ProblemType.INVALID_CONTROL_REQUEST
                : ProblemType.ofHttpStatus(e.status());
        return ProblemWriter.response(Problem.of(type, e.status(), e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, HttpServerRequest request) {
        if (isBackendApi(request)) {
            return ClerkErrors.response(new ClerkException(422, "form_param_format_invalid", "is invalid",
                    "The request body is not valid JSON"));
        }
        return ProblemWriter.response(Problem.of(ProblemType.INVALID_REQUEST, "The request body is not valid JSON"))
                .build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, HttpServerRequest request) {
        int status = e.getResponse().getStatus();
        if (isBackendApi(request)) {
            return ClerkErrors.response(switch (status) {
                case 400 -> new ClerkException(422, "form_param_format_invalid", "is invalid",
                        "The request body or parameters are malformed");
                case 404 -> ClerkException.notFound("The requested resource was not found");
                case 405 -> new ClerkException(405, "method_not_allowed", "Method not allowed",
                        "This method is not allowed on this resource");
                default -> new ClerkException(status, "request_invalid", "Request invalid", String.valueOf(e.getMessage()));
            });
        }
        ProblemType type = ProblemType.ofHttpStatus(status);
        return ProblemWriter.response(Problem.of(type, status, type.title())).build();
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, HttpServerRequest request) {
        LOG.error("unexpected failure on " + request.method() + " " + request.path(), e);
        if (isBackendApi(request)) {
            return ClerkErrors.response(new ClerkException(500, "internal_clerk_error",
                    "Oops, an unexpected error occurred", "There was an internal error on our servers."));
        }
        return ProblemWriter.response(Problem.of(ProblemType.INTERNAL_ERROR, "unexpected failure")).build();
    }

    private static boolean isBackendApi(HttpServerRequest request) {
        return request.path().startsWith("/v1/") || request.path().equals("/v1");
    }
}
