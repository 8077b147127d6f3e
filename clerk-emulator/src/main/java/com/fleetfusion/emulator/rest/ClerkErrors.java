package com.fleetfusion.emulator.rest;

import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fleetfusion.emulator.service.ClerkException;
import com.fleetfusion.emulator.service.Ids;

/** Clerk's error body: {"errors":[{message,long_message,code,meta}],"clerk_trace_id"}. */
final class ClerkErrors {

    private ClerkErrors() {
    }

    static Response response(ClerkException e) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ObjectNode error = body.putArray("errors").addObject();
        error.put("message", e.getMessage());
        error.put("long_message", e.longMessage());
        error.put("code", e.code());
        ObjectNode meta = error.putObject("meta");
        for (Map.Entry<String, Object> entry : e.meta().entrySet()) {
            meta.set(entry.getKey(), new POJONode(entry.getValue()));
        }
        body.put("clerk_trace_id", Ids.traceId());
        Response.ResponseBuilder response = Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body);
        if (e.retryAfterSeconds() != null) {
            response.header("Retry-After", e.retryAfterSeconds());
        }
        return response.build();
    }
}
