package com.fleetfusion.store.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.fleetfusion.store.model.MeView;
import com.fleetfusion.store.store.TenantQueries;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** The caller (the token's {@code sub}): its user row and live memberships. */
@Path("/me")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    @Inject
    JsonWebToken token;

    @Inject
    TenantQueries queries;

    @GET
    public Uni<MeView> me() {
        String userId = token.getSubject();
        return queries.user(userId)
                .onItem().ifNull().failWith(() -> new TenantStoreException.NotFound("user"))
                .chain(user -> queries.membershipsOf(userId).map(memberships -> new MeView(user, memberships)));
    }
}
