package com.fleetfusion.emulator.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fleetfusion.emulator.service.SigningKeys;

import io.smallrye.mutiny.Uni;

/** Backend API GET /v1/jwks: the same keys, behind the secret key and free of the rate limit (as at Clerk). */
@Path("/v1/jwks")
@Produces(MediaType.APPLICATION_JSON)
public class JwksResource {

    @Inject
    SigningKeys keys;

    @GET
    @ClerkOperation(value = "GetJWKS", rateLimited = false)
    public Uni<ObjectNode> jwks() {
        return Uni.createFrom().item(keys::jwks);
    }
}
