package com.fleetfusion.onboarding.client;

import java.lang.reflect.Method;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fleetfusion.clerk.client.ClerkApiException;
import com.fleetfusion.clerk.client.ClerkCalls;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;

/**
 * The Clerk Backend API calls the onboarding saga makes, one method per operationId of the 2026-05-12 spec
 * (method name = operationId in lower camel case). Bodies stay raw JSON here so that synthetic events can carry
 * Clerk's own response; {@link ClerkBackend} types them and adds timeouts, retries and the circuit breaker.
 */
@Path("/v1")
@RegisterRestClient(configKey = "clerk-backend-api")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@ClientHeaderParam(name = "Clerk-API-Version", value = ClerkCalls.API_VERSION)
@ClientHeaderParam(name = "Authorization", value = ClerkCalls.AUTHORIZATION)
public interface ClerkBackendApi {

    @POST
    @Path("/organizations")
    Uni<ObjectNode> createOrganization(ObjectNode body);

    @GET
    @Path("/organizations/{organizationId}")
    Uni<ObjectNode> getOrganization(@PathParam("organizationId") String organizationIdOrSlug);

    @DELETE
    @Path("/organizations/{organizationId}")
    Uni<ObjectNode> deleteOrganization(@PathParam("organizationId") String organizationId);

    @GET
    @Path("/organizations/{organizationId}/memberships")
    Uni<ObjectNode> listOrganizationMemberships(@PathParam("organizationId") String organizationId,
            @QueryParam("user_id") String userId);

    @POST
    @Path("/organizations/{organizationId}/memberships")
    Uni<ObjectNode> createOrganizationMembership(@PathParam("organizationId") String organizationId, ObjectNode body);

    @PATCH
    @Path("/organizations/{organizationId}/memberships/{userId}")
    Uni<ObjectNode> updateOrganizationMembership(@PathParam("organizationId") String organizationId,
            @PathParam("userId") String userId, ObjectNode body);

    @GET
    @Path("/users/{userId}")
    Uni<ObjectNode> getUser(@PathParam("userId") String userId);

    @PATCH
    @Path("/users/{userId}/metadata")
    Uni<ObjectNode> updateUserMetadata(@PathParam("userId") String userId, ObjectNode body);

    @ClientExceptionMapper
    static RuntimeException toException(Response response, Method method) {
        return ClerkApiException.from(method, response);
    }
}
