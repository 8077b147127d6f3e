package com.fleetfusion.emulator.rest;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fleetfusion.emulator.model.DeliveryAttempt;
import com.fleetfusion.emulator.model.DeliverySettings;
import com.fleetfusion.emulator.model.FaultRequest;
import com.fleetfusion.emulator.model.SignUpRequest;
import com.fleetfusion.emulator.model.TokenRequest;
import com.fleetfusion.emulator.model.WebhookEndpointRequest;
import com.fleetfusion.emulator.service.ControlApiException;
import com.fleetfusion.emulator.service.Faults;
import com.fleetfusion.emulator.service.Faults.Fault;
import com.fleetfusion.emulator.service.Issuer;
import com.fleetfusion.emulator.service.Outbox;
import com.fleetfusion.emulator.service.RateLimiter;
import com.fleetfusion.emulator.service.SessionTokens;
import com.fleetfusion.emulator.service.SigningKeys;
import com.fleetfusion.emulator.store.ClerkStore;
import com.fleetfusion.emulator.store.FrontendStore;
import com.fleetfusion.emulator.webhook.WebhookDispatcher;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * The emulator's own control API (DESIGN.md, "clerk-emulator control API"): what Clerk's dashboard and frontend do,
 * as calls for tests and scripts. Refusals are problem+json.
 */
@Path("/__emulator")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ControlResource {

    private static final Logger LOG = Logger.getLogger(ControlResource.class);

    /** The Backend API operations the emulator serves, read off the resources so that the list cannot drift. */
    public static final Set<String> OPERATIONS = Stream.of(UsersResource.class, OrganizationsResource.class,
            JwksResource.class, InstanceResource.class).flatMap(c -> Arrays.stream(c.getDeclaredMethods()))
            .map(m -> m.getAnnotation(ClerkOperation.class)).filter(Objects::nonNull).map(ClerkOperation::value)
            .collect(Collectors.toUnmodifiableSet());

    @Inject
    ClerkStore store;

    @Inject
    SessionTokens tokens;

    @Inject
    SigningKeys keys;

    @Inject
    Issuer issuer;

    @Inject
    Faults faults;

    @Inject
    RateLimiter rateLimiter;

    @Inject
    WebhookDispatcher webhooks;

    @Inject
    FrontendStore frontend;

    @Inject
    Outbox outbox;

    @POST
    @Path("/sign-ups")
    public Uni<ObjectNode> signUp(SignUpRequest request) {
        return Uni.createFrom().item(() -> {
            if (request == null || request.email() == null || request.email().isBlank()) {
                throw new ControlApiException("email is required");
            }
            return store.signUp(request.email(), request.firstName(), request.lastName());
        });
    }

    @POST
    @Path("/tokens")
    public Uni<Map<String, String>> token(TokenRequest request, @Context HttpServerRequest http) {
        return Uni.createFrom().item(() -> {
            if (request == null) {
                throw new ControlApiException("user_id is required");
            }
            return Map.of("jwt", tokens.mint(request, issuer.of(http)));
        });
    }

    @POST
    @Path("/webhook-endpoints")
    public Uni<Map<String, String>> addWebhookEndpoint(WebhookEndpointRequest request) {
        return Uni.createFrom().item(() -> {
            if (request == null) {
                throw new ControlApiException("url is required");
            }
            var endpoint = webhooks.addEndpoint(request.url(), request.secret());
            return Map.of("id", endpoint.id(), "url", endpoint.url(), "secret", endpoint.secret());
        });
    }

    @GET
    @Path("/webhook-endpoints")
    public Uni<List<ObjectNode>> webhookEndpoints() {
        return Uni.createFrom().item(webhooks::endpoints);
    }

    @POST
    @Path("/delivery")
    public Uni<DeliverySettings> delivery(DeliverySettings update) {
        return Uni.createFrom().item(() -> update == null ? webhooks.settings() : webhooks.configure(update));
    }

    @GET
    @Path("/delivery")
    public Uni<DeliverySettings> deliverySettings() {
        return Uni.createFrom().item(webhooks::settings);
    }

    @GET
    @Path("/deliveries")
    public Uni<List<DeliveryAttempt>> deliveries() {
        return Uni.createFrom().item(webhooks::attempts);
    }

    @POST
    @Path("/faults")
    public Uni<ObjectNode> fault(FaultRequest request) {
        return Uni.createFrom().item(() -> {
            if (request == null) {
                throw new ControlApiException("operation is required");
            }
            Fault fault = faults.arm(request, OPERATIONS);
            LOG.infof("fault armed: %s x%d", fault.operation(), fault.count());
            return faultJson(fault);
        });
    }

    @GET
    @Path("/faults")
    public Uni<List<ObjectNode>> armedFaults() {
        return Uni.createFrom().item(() -> faults.list().stream().map(ControlResource::faultJson).toList());
    }

    @POST
    @Path("/keys/rotate")
    public Uni<ObjectNode> rotate(JsonNode body) {
        return Uni.createFrom().item(() -> {
            boolean retireOld = body != null && body.path("retire_old").asBoolean(false);
            keys.rotate(retireOld);
            LOG.infof("signing key rotated (retire_old=%s): signing with %s", retireOld, keys.current().kid());
            return keys.jwks();
        });
    }

    /**
     * Empties users, organizations, memberships, browser clients and passwords, e-mails, endpoints (re-adding the
     * configured ones), faults, deliveries.
     */
    @POST
    @Path("/reset")
    public Uni<ObjectNode> reset() {
        return Uni.createFrom().item(() -> {
            store.reset();
            frontend.reset();
            outbox.reset();
            faults.reset();
            rateLimiter.reset();
            webhooks.reset();
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            out.put("users", 0);
            out.put("organizations", 0);
            out.put("organization_memberships", 0);
            out.put("webhook_endpoints", webhooks.endpoints().size());
            return out;
        });
    }

    private static ObjectNode faultJson(Fault fault) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("operation", fault.operation());
        if (fault.status() != null) {
            out.put("status", fault.status());
        }
        if (fault.hangMs() != null) {
            out.put("hang_ms", fault.hangMs());
        }
        out.put("count", fault.count());
        out.put("remaining", fault.remaining());
        out.put("retry_after_seconds", fault.retryAfterSeconds());
        return out;
    }
}
