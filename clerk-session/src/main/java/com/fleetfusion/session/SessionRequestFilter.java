package com.fleetfusion.session;

import jakarta.inject.Inject;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.quarkus.arc.ClientProxy;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * Verifies the session token of every request to a {@link SessionRequired} resource before the resource (and the
 * validation of its body) runs; the same checks as every other reader of a session.
 */
public class SessionRequestFilter {

    @Inject
    ClerkSessionVerifier verifier;

    @Inject
    CurrentSession current;

    /** Name-bound on the method: Quarkus REST reads a filter's name bindings from the filter method, not its class. */
    @ServerRequestFilter
    @SessionRequired
    public Uni<Void> authenticate(HttpServerRequest request) {
        // this request's instance, taken now: a verification that waits for a JWKS read completes outside the
        // request context, where the proxy would find no request
        CurrentSession session = ClientProxy.unwrap(current);
        return SessionToken.from(request)
                .map(token -> verifier.verify(token).invoke(session::set).replaceWithVoid())
                .orElseGet(() -> Uni.createFrom().failure(new SessionRefusedException(SessionRefusal.TOKEN_MISSING,
                        "send the Clerk session token as a bearer token or the __session cookie")));
    }
}
