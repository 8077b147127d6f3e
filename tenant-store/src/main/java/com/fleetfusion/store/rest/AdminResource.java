package com.fleetfusion.store.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fleetfusion.store.model.ReconcileOptions;
import com.fleetfusion.store.model.ReconcileState;
import com.fleetfusion.store.service.Reconciliation;

import io.smallrye.mutiny.Uni;

/**
 * Operations: reconciliation on demand. {@code POST} starts a run (202 with its state; 409 problem+json when one
 * is running here or on another replica); {@code ?dryRun=true} reports what it would do and changes nothing,
 * {@code ?allowDeletes=N} lets that run tombstone up to N rows of each kind instead of the configured budget.
 * {@code GET} answers the current or last run, whichever replica runs or ran it. Both need {@code Authorization: Bearer <ADMIN_TOKEN>} (401 problem+json otherwise).
 */
@Path("/admin/reconcile")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    @Inject
    AdminCredential credential;

    @Inject
    Reconciliation reconciliation;

    @POST
    public Uni<Response> start(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @QueryParam("dryRun") boolean dryRun, @QueryParam("allowDeletes") Long allowDeletes) {
        credential.check(authorization);
        if (allowDeletes != null && allowDeletes < 0) {
            throw new TenantStoreException.InvalidParameter("allowDeletes must be 0 or more");
        }
        return reconciliation.start("admin", new ReconcileOptions(dryRun, allowDeletes))
                .map(state -> Response.accepted(state).build());
    }

    @GET
    public Uni<ReconcileState> state(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        credential.check(authorization);
        return reconciliation.state();
    }
}
