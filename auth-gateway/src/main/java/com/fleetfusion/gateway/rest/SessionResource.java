package com.fleetfusion.gateway.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fleetfusion.gateway.model.GatewayException;
import com.fleetfusion.session.SessionToken;
import com.fleetfusion.gateway.model.SessionView;
import com.fleetfusion.gateway.service.SessionVerifier;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/** The SPA's question: who am I, in which organization, and where should I be? (DESIGN.md) */
@Path("/api/session")
public class SessionResource {

    private final SessionVerifier verifier;

    SessionResource(SessionVerifier verifier) {
        this.verifier = verifier;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<SessionView> session(HttpServerRequest request) {
        return SessionToken.from(request)
                .map(token -> verifier.verify(token).map(SessionView::of)
                        .onFailure(GatewayException.class)
                        .transform(refused -> ((GatewayException) refused).withNext(SessionView.SIGN_IN)))
                .orElseGet(() -> Uni.createFrom().item(SessionView.signedOut()));
    }
}
