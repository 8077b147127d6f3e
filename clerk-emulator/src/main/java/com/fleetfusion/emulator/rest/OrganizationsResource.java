package com.fleetfusion.emulator.rest;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fleetfusion.emulator.service.Body;
import com.fleetfusion.emulator.service.Paging;
import com.fleetfusion.emulator.store.ClerkStore;

import io.smallrye.mutiny.Uni;

/** Backend API organizations and their memberships (paths and operationIds of Clerk's spec, 2026-05-12). */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OrganizationsResource {

    @Inject
    ClerkStore store;

    @GET
    @Path("/organizations")
    @ClerkOperation("ListOrganizations")
    public Uni<ObjectNode> list(@QueryParam("query") String query, @QueryParam("user_id") List<String> userIds,
            @QueryParam("organization_id") List<String> organizationIds, @QueryParam("order_by") String orderBy,
            @QueryParam("limit") Integer limit, @QueryParam("offset") Integer offset) {
        return Uni.createFrom().item(() -> store.listOrganizations(query, userIds, organizationIds, orderBy,
                Paging.of(limit, offset)));
    }

    @POST
    @Path("/organizations")
    @ClerkOperation("CreateOrganization")
    public Uni<ObjectNode> create(JsonNode json) {
        return Uni.createFrom().item(() -> {
            Body body = Body.of(json);
            return store.createOrganization(body.requiredText("name"), body.text("slug"), body.text("created_by"),
                    body.object("public_metadata"), body.object("private_metadata"),
                    body.integer("max_allowed_memberships"));
        });
    }

    @GET
    @Path("/organizations/{organization_id}")
    @ClerkOperation("GetOrganization")
    public Uni<ObjectNode> get(@PathParam("organization_id") String idOrSlug) {
        return Uni.createFrom().item(() -> store.getOrganization(idOrSlug));
    }

    @PATCH
    @Path("/organizations/{organization_id}")
    @ClerkOperation("UpdateOrganization")
    public Uni<ObjectNode> update(@PathParam("organization_id") String idOrSlug, JsonNode json) {
        return Uni.createFrom().item(() -> {
            Body body = Body.of(json);
            if (body.has("public_metadata") || body.has("private_metadata")) {
                // 2026-05-12: metadata moved to the /metadata endpoints
                throw com.fleetfusion.emulator.service.ClerkException.paramValueInvalid("public_metadata",
                        "Metadata can no longer be updated here: use PATCH /v1/organizations/{id}/metadata");
            }
            return store.updateOrganization(idOrSlug, body.text("name"), body.text("slug"),
                    body.integer("max_allowed_memberships"), body.bool("admin_delete_enabled"));
        });
    }

    @DELETE
    @Path("/organizations/{organization_id}")
    @ClerkOperation("DeleteOrganization")
    public Uni<ObjectNode> delete(@PathParam("organization_id") String idOrSlug) {
        return Uni.createFrom().item(() -> store.deleteOrganization(idOrSlug));
    }

    @PATCH
    @Path("/organizations/{organization_id}/metadata")
    @ClerkOperation("MergeOrganizationMetadata")
    public Uni<ObjectNode> mergeMetadata(@PathParam("organization_id") String idOrSlug, JsonNode json) {
        return Uni.createFrom().item(() -> metadata(idOrSlug, json, false));
    }

    @PUT
    @Path("/organizations/{organization_id}/metadata")
    @ClerkOperation("ReplaceOrganizationMetadata")
    public Uni<ObjectNode> replaceMetadata(@PathParam("organization_id") String idOrSlug, JsonNode json) {
        return Uni.createFrom().item(() -> metadata(idOrSlug, json, true));
    }

    private ObjectNode metadata(String idOrSlug, JsonNode json, boolean replace) {
        Body body = Body.of(json);
        return store.updateOrganizationMetadata(idOrSlug, body.object("public_metadata"),
                body.object("private_metadata"), replace);
    }

    @POST
    @Path("/organizations/{organization_id}/memberships")
    @ClerkOperation("CreateOrganizationMembership")
    public Uni<ObjectNode> createMembership(@PathParam("organization_id") String idOrSlug, JsonNode json) {
        return Uni.createFrom().item(() -> {
            Body body = Body.of(json);
            return store.createMembership(idOrSlug, body.requiredText("user_id"), body.requiredText("role"),
                    body.object("public_metadata"), body.object("private_metadata"));
        });
    }

    @GET
    @Path("/organizations/{organization_id}/memberships")
    @ClerkOperation("ListOrganizationMemberships")
    public Uni<ObjectNode> listMemberships(@PathParam("organization_id") String idOrSlug,
            @QueryParam("user_id") List<String> userIds, @QueryParam("email_address") List<String> emailAddresses,
            @QueryParam("role") List<String> roles, @QueryParam("query") String query,
            @QueryParam("order_by") String orderBy, @QueryParam("limit") Integer limit,
            @QueryParam("offset") Integer offset) {
        return Uni.createFrom().item(() -> store.listMemberships(idOrSlug, userIds, emailAddresses, roles, query,
                orderBy, Paging.of(limit, offset)));
    }

    @PATCH
    @Path("/organizations/{organization_id}/memberships/{user_id}")
    @ClerkOperation("UpdateOrganizationMembership")
    public Uni<ObjectNode> updateMembership(@PathParam("organization_id") String idOrSlug,
            @PathParam("user_id") String userId, JsonNode json) {
        return Uni.createFrom().item(() -> store.updateMembership(idOrSlug, userId,
                Body.of(json).requiredText("role")));
    }

    @DELETE
    @Path("/organizations/{organization_id}/memberships/{user_id}")
    @ClerkOperation("DeleteOrganizationMembership")
    public Uni<ObjectNode> deleteMembership(@PathParam("organization_id") String idOrSlug,
            @PathParam("user_id") String userId) {
        return Uni.createFrom().item(() -> store.deleteMembership(idOrSlug, userId));
    }

    @PATCH
    @Path("/organizations/{organization_id}/memberships/{user_id}/metadata")
    @ClerkOperation("UpdateOrganizationMembershipMetadata")
    public Uni<ObjectNode> membershipMetadata(@PathParam("organization_id") String idOrSlug,
            @PathParam("user_id") String userId, JsonNode json) {
        return Uni.createFrom().item(() -> {
            Body body = Body.of(json);
            return store.updateMembershipMetadata(idOrSlug, userId, body.object("public_metadata"),
                    body.object("private_metadata"));
        });
    }

    @GET
    @Path("/organization_memberships")
    @ClerkOperation("InstanceGetOrganizationMemberships")
    public Uni<ObjectNode> allMemberships(@QueryParam("order_by") String orderBy,
            @QueryParam("limit") Integer limit, @QueryParam("offset") Integer offset) {
        return Uni.createFrom().item(() -> store.allMemberships(orderBy, Paging.of(limit, offset)));
    }
}
