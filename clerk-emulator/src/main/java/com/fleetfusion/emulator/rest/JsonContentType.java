package com.fleetfusion.emulator.rest;

import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;

/**
 * Every JSON answer leaves with {@code Content-Type: application/json} exactly, as Clerk's do: Quarkus REST appends
 * {@code ;charset=UTF-8}, and Clerk's JavaScript Backend SDK parses a body as JSON only when the header is exactly
 * {@code application/json} (docs/clerk-sdk-fidelity.md). JSON is UTF-8 by definition (RFC 8259), so nothing is lost.
 */
public class JsonContentType {

    private static final String JSON = "application/json";

    void register(@Observes Filters filters) {
        filters.register(context -> {
            context.addHeadersEndHandler(ignored -> {
                String type = context.response().headers().get(HttpHeaders.CONTENT_TYPE);
                if (type != null && type.startsWith(JSON + ";")) {
                    context.response().headers().set(HttpHeaders.CONTENT_TYPE, JSON);
                }
            });
            context.next();
        }, 100);
    }
}
