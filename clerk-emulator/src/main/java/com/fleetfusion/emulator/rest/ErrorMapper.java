package com.fleetfusion.emulator.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fleetfusion.emulator.service.ClerkException;
import com.fleetfusion.emulator.service.ControlApiException;

import io.vertx.core.http.HttpServerRequest;

/**
 * The one exception mapper. The Backend API (/v1) answers in Clerk's ClerkErrors shape, because the emulator is Clerk;
 * its own control API (/__emulator) and everything else answer RFC 9457 problem+json.
 */
public class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

    @ServerExceptionMapper
    public Response clerk(ClerkException e) {
        return ClerkErrors.response(e);
    }

    @ServerExceptionMapper
    public Response control(ControlApiException e) {
        return problem(e.status(), "about:blank", titleOf(e.status()), e.getMessage());
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, HttpServerRequest request) {
        if (isBackendApi(request)) {
            return ClerkErrors.response(new ClerkException(422, "form_param_format_invalid", "is invalid",
                    "The request body is not valid JSON"));
        }
        return problem(400, "about:blank", "Bad Request", "The request body is not valid JSON");
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
        return problem(status, "about:blank", titleOf(status), e.getMessage());
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, HttpServerRequest request) {
        LOG.error("unexpected failure on " + request.method() + " " + request.path(), e);
        if (isBackendApi(request)) {
            return ClerkErrors.response(new ClerkException(500, "internal_clerk_error",
                    "Oops, an unexpected error occurred", "There was an internal error on our servers."));
        }
        return problem(500, "about:blank", "Internal Server Error", "unexpected failure");
    }

    private static boolean isBackendApi(HttpServerRequest request) {
        return request.path().startsWith("/v1/") || request.path().equals("/v1");
    }

    private static Response problem(int status, String type, String title, String detail) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("type", type);
        body.put("title", title);
        body.put("status", status);
        if (detail != null) {
            body.put("detail", detail);
        }
        return Response.status(status).type("application/problem+json").entity(body).build();
    }

    private static String titleOf(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known == null ? "Error" : known.getReasonPhrase();
    }
}
