package com.fleetfusion.emulator.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fleetfusion.emulator.config.EmulatorConfig;

import io.smallrye.mutiny.Uni;

/**
 * Backend API GET /v1/instance (GetInstance): the instance the secret key belongs to, with its configured id (the
 * {@code instance_id} of its webhooks), so that a client can tell which instance a key opens.
 */
@Path("/v1/instance")
@Produces(MediaType.APPLICATION_JSON)
public class InstanceResource {

    @Inject
    EmulatorConfig config;

    @GET
    @ClerkOperation("GetInstance")
    public Uni<ObjectNode> instance() {
        return Uni.createFrom().item(() -> {
            ObjectNode instance = JsonNodeFactory.instance.objectNode().put("object", "instance")
                    .put("id", config.instanceId()).put("environment_type", "development");
            config.authorizedParties().forEach(instance.putArray("allowed_origins")::add);
            instance.putNull("workspace_id");
            return instance;
        });
    }
}
