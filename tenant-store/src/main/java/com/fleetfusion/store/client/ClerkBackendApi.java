package com.fleetfusion.store.client;

import java.lang.reflect.Method;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fleetfusion.clerk.client.ClerkApiException;
import com.fleetfusion.clerk.client.ClerkCalls;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;

/**
 * The Clerk Backend API reads of reconciliation and of the health check, one method per operationId of the
 * 2026-05-12 spec (method name = operationId in lower camel case; the object shapes ClerkEventParser maps are those
 * of that version). Raw JSON: {@link ClerkBackend} pages, paces, retries and hands the objects to the same mapping
 * as the webhooks.
 */
@Path("/v1")
@RegisterRestClient(configKey = "clerk-backend-api")
@Produces(MediaType.APPLICATION_JSON)
@ClientHeaderParam(name = "Clerk-API-Version", value = ClerkCalls.API_VERSION)
@ClientHeaderParam(name = "Authorization", value = ClerkCalls.AUTHORIZATION)
public interface ClerkBackendApi {

    /** A bare array of User ({@code User.List}). */
    @GET
    @Path("/users")
    Uni<ArrayNode> getUserList(@QueryParam("limit") int limit, @QueryParam("offset") int offset,
            @QueryParam("order_by") String orderBy, @QueryParam("user_id") List<String> userIds);

    /** {@code {data: [Organization], total_count}}. */
    @GET
    @Path("/organizations")
    Uni<ObjectNode> listOrganizations(@QueryParam("limit") int limit, @QueryParam("offset") int offset,
            @QueryParam("order_by") String orderBy, @QueryParam("organization_id") List<String> organizationIds);

    /** Every membership of the instance: {@code {data: [OrganizationMembership], total_count}}. */
    @GET
    @Path("/organization_memberships")
    Uni<ObjectNode> instanceGetOrganizationMemberships(@QueryParam("limit") int limit,
            @QueryParam("offset") int offset, @QueryParam("order_by") String orderBy);

    @GET
    @Path("/organizations/{organizationId}/memberships")
    Uni<ObjectNode> listOrganizationMemberships(@PathParam("organizationId") String organizationId,
            @QueryParam("user_id") List<String> userIds, @QueryParam("limit") int limit);

    @GET
    @Path("/users/{userId}")
    Uni<ObjectNode> getUser(@PathParam("userId") String userId);

    @GET
    @Path("/organizations/{organizationId}")
    Uni<ObjectNode> getOrganization(@PathParam("organizationId") String organizationId);

    /** The instance the secret key belongs to: {@code {object: "instance", id, environment_type, ...}}. */
    @GET
    @Path("/instance")
    Uni<ObjectNode> getInstance();

    /** Not rate limited by Clerk: the health check's probe. */
    @GET
    @Path("/jwks")
    Uni<ObjectNode> getJWKS();

    @ClientExceptionMapper
    static RuntimeException toException(Response response, Method method) {
        return ClerkApiException.from(method, response);
    }
}
