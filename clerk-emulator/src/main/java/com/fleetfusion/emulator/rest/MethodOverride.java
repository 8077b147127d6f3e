package com.fleetfusion.emulator.rest;

import java.util.Locale;
import java.util.Set;

import jakarta.ws.rs.container.ContainerRequestContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * clerk-js sends every Frontend API call that is not a GET as a POST with the real verb in {@code ?_method=} (so that
 * a cross-origin call needs no CORS preflight); the Frontend API routes it by that verb.
 */
public class MethodOverride {

    private static final Set<String> VERBS = Set.of("DELETE", "PATCH", "PUT");

    @ServerRequestFilter(preMatching = true)
    public void override(ContainerRequestContext request) {
        if (!"POST".equals(request.getMethod()) || !request.getUriInfo().getPath().startsWith("/v1/client")) {
            return;
        }
        String verb = request.getUriInfo().getQueryParameters().getFirst("_method");
        if (verb != null && VERBS.contains(verb.toUpperCase(Locale.ROOT))) {
            request.setMethod(verb.toUpperCase(Locale.ROOT));
        }
    }
}
