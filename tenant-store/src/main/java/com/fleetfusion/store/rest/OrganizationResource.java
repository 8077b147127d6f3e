package com.fleetfusion.store.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.fleetfusion.session.CurrentSession;
import com.fleetfusion.session.SessionRequired;
import com.fleetfusion.store.config.TenantStoreConfig;
import com.fleetfusion.store.model.MemberPage;
import com.fleetfusion.store.model.MemberView;
import com.fleetfusion.store.model.OrganizationView;
import com.fleetfusion.store.store.TenantQueries;

import io.smallrye.mutiny.Uni;

/**
 * Lookups inside the session's active organization. The organization check comes first: a token for another
 * organization gets 403 whether or not {@code orgId} exists.
 */
@Path("/orgs/{orgId}")
@SessionRequired
@Produces(MediaType.APPLICATION_JSON)
public class OrganizationResource {

    @Inject
    CurrentSession session;

    @Inject
    TenantQueries queries;

    @Inject
    TenantStoreConfig config;

    /** Admins (by role, or by the configured permission) see the members' e-mail, last sign-in and banned flag. */
    private boolean seesMemberDetails() {
        var members = config.members();
        var caller = session.get();
        return members.detailRoles().contains(caller.orgRole())
                || members.detailPermission().map(caller.permissions()::contains).orElse(false);
    }

    @GET
    public Uni<OrganizationView> organization(@PathParam("orgId") String orgId) {
        requireActive(orgId);
        return queries.organization(orgId)
                .onItem().ifNull().failWith(() -> new TenantStoreException.NotFound("organization"));
    }

    @GET
    @Path("/members")
    public Uni<MemberPage> members(@PathParam("orgId") String orgId, @QueryParam("limit") Integer limit,
            @QueryParam("offset") Integer offset) {
        requireActive(orgId);
        int max = config.members().maxPageSize();
        int pageSize = limit == null ? config.members().defaultPageSize() : limit;
        int start = offset == null ? 0 : offset;
        if (pageSize < 1 || pageSize > max) {
            throw new TenantStoreException.InvalidParameter("limit must be between 1 and " + max + ".");
        }
        if (start < 0) {
            throw new TenantStoreException.InvalidParameter("offset must not be negative.");
        }
        return queries.members(orgId, pageSize, start, seesMemberDetails());
    }

    @GET
    @Path("/members/{userId}")
    public Uni<MemberView> member(@PathParam("orgId") String orgId, @PathParam("userId") String userId) {
        requireActive(orgId);
        return queries.member(orgId, userId, seesMemberDetails())
                .onItem().ifNull().failWith(() -> new TenantStoreException.NotFound("member"));
    }

    /** Refuses (403) a session whose active organization is not {@code orgId}, before any lookup. */
    private void requireActive(String orgId) {
        if (!orgId.equals(session.get().orgId())) {
            throw new TenantStoreException.OrganizationMismatch();
        }
    }
}
