package com.fleetfusion.store.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fleetfusion.store.model.MeView;
import com.fleetfusion.session.CurrentSession;
import com.fleetfusion.session.SessionRequired;
import com.fleetfusion.store.store.TenantQueries;

import io.smallrye.mutiny.Uni;

/** The caller (the token's {@code sub}): its user row and live memberships. */
@Path("/me")
@SessionRequired
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    @Inject
    CurrentSession session;

    @Inject
    TenantQueries queries;

    @GET
    public Uni<MeView> me() {
        String userId = session.get().userId();
        return queries.user(userId)
                .onItem().ifNull().failWith(() -> new TenantStoreException.NotFound("user"))
                .chain(user -> queries.membershipsOf(userId).map(memberships -> new MeView(user, memberships)));
    }
}
