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
import com.fleetfusion.emulator.service.ClerkObjects;
import com.fleetfusion.emulator.service.Paging;
import com.fleetfusion.emulator.store.ClerkStore;

import io.smallrye.mutiny.Uni;

/** Backend API users (paths and operationIds of Clerk's spec, 2026-05-12). */
@Path("/v1/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class UsersResource {

    @Inject
    ClerkStore store;

    @GET
    @ClerkOperation("GetUserList")
    public Uni<List<ObjectNode>> list(@QueryParam("email_address") List<String> emailAddresses,
            @QueryParam("user_id") List<String> userIds, @QueryParam("query") String query,
            @QueryParam("order_by") String orderBy, @QueryParam("limit") Integer limit,
            @QueryParam("offset") Integer offset) {
        return Uni.createFrom().item(() -> store.listUsers(emailAddresses, userIds, query, orderBy,
                Paging.of(limit, offset)));
    }

    /** Clerk's JavaScript SDK calls this beside GetUserList for the list's totalCount. */
    @GET
    @Path("/count")
    @ClerkOperation("GetUsersCount")
    public Uni<ObjectNode> count(@QueryParam("email_address") List<String> emailAddresses,
            @QueryParam("user_id") List<String> userIds, @QueryParam("query") String query) {
        return Uni.createFrom().item(() -> ClerkObjects.totalCount(store.countUsers(emailAddresses, userIds, query)));
    }

    @POST
    @ClerkOperation("CreateUser")
    public Uni<ObjectNode> create(JsonNode json) {
        return Uni.createFrom().item(() -> {
            Body body = Body.of(json);
            return store.createUser(body.texts("email_address"), body.text("first_name"), body.text("last_name"),
                    body.text("username"), body.text("external_id"), body.object("public_metadata"),
                    body.object("private_metadata"), body.object("unsafe_metadata"));
        });
    }

    @GET
    @Path("/{user_id}")
    @ClerkOperation("GetUser")
    public Uni<ObjectNode> get(@PathParam("user_id") String userId) {
        return Uni.createFrom().item(() -> store.getUser(userId));
    }

    @DELETE
    @Path("/{user_id}")
    @ClerkOperation("DeleteUser")
    public Uni<ObjectNode> delete(@PathParam("user_id") String userId) {
        return Uni.createFrom().item(() -> store.deleteUser(userId));
    }

    @PATCH
    @Path("/{user_id}/metadata")
    @ClerkOperation("UpdateUserMetadata")
    public Uni<ObjectNode> mergeMetadata(@PathParam("user_id") String userId, JsonNode json) {
        return Uni.createFrom().item(() -> metadata(userId, json, false));
    }

    @PUT
    @Path("/{user_id}/metadata")
    @ClerkOperation("ReplaceUserMetadata")
    public Uni<ObjectNode> replaceMetadata(@PathParam("user_id") String userId, JsonNode json) {
        return Uni.createFrom().item(() -> metadata(userId, json, true));
    }

    private ObjectNode metadata(String userId, JsonNode json, boolean replace) {
        Body body = Body.of(json);
        return store.updateUserMetadata(userId, body.object("public_metadata"), body.object("private_metadata"),
                body.object("unsafe_metadata"), replace);
    }

    @GET
    @Path("/{user_id}/organization_memberships")
    @ClerkOperation("UsersGetOrganizationMemberships")
    public Uni<ObjectNode> memberships(@PathParam("user_id") String userId, @QueryParam("limit") Integer limit,
            @QueryParam("offset") Integer offset) {
        return Uni.createFrom().item(() -> store.userMemberships(userId, Paging.of(limit, offset)));
    }
}
