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

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;

/**
 * The Clerk Backend API reads of reconciliation and of the health check, one method per operationId of the
 * 2026-05-12 spec (method name = operationId in lower camel case). Raw JSON: {@link ClerkBackend} pages, paces,
 * retries and hands the objects to the same mapping as the webhooks.
 */
@Path("/v1")
@RegisterRestClient(configKey = "clerk-backend-api")
@Produces(MediaType.APPLICATION_JSON)
@ClientHeaderParam(name = "Clerk-API-Version", value = ClerkBackendApi.API_VERSION)
@ClientHeaderParam(name = "Authorization", value = "{bearer}")
public interface ClerkBackendApi {

    /** Pinned: the object shapes mapped by ClerkEventParser are those of this version. */
    String API_VERSION = "2026-05-12";

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

    /** Not rate limited by Clerk: the health check's probe. */
    @GET
    @Path("/jwks")
    Uni<ObjectNode> getJWKS();

    /** Read per request rather than at build time, so the key comes from the environment only. */
    default String bearer() {
        return "Bearer " + ConfigProvider.getConfig().getValue("clerk.secret-key", String.class);
    }

    @ClientExceptionMapper
    static RuntimeException toException(Response response, Method method) {
        return ClerkApiException.from(ClerkApiException.operationOf(method), response);
    }
}
