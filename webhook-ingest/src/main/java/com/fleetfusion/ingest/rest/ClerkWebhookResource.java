package com.fleetfusion.ingest.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;

import com.fleetfusion.ingest.config.IngestConfig;
import com.fleetfusion.ingest.model.SvixHeaders;
import com.fleetfusion.ingest.model.WebhookDelivery;
import com.fleetfusion.ingest.service.WebhookIngestService;

import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/** The public door for Clerk's webhooks (delivered by Svix). Refusals are answered by {@link ProblemExceptionMapper}. */
@Path("/webhooks")
public class ClerkWebhookResource {

    /** Response header naming how a 2xx delivery ended: accepted, duplicate or dead_lettered. */
    public static final String OUTCOME_HEADER = "Ingest-Outcome";

    private final WebhookIngestService ingest;
    private final BoundedBodyReader bodyReader;
    private final IngestConfig config;

    ClerkWebhookResource(WebhookIngestService ingest, BoundedBodyReader bodyReader, IngestConfig config) {
        this.ingest = ingest;
        this.bodyReader = bodyReader;
        this.config = config;
    }

    @POST
    @Path("/clerk")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Receive a Svix-signed Clerk webhook",
            description = "204 once the raw body is acknowledged by Kafka (clerk.events, or clerk.events.dlq when it is "
                    + "not a usable Clerk event); 400/401/413/415 refusals and 503 with Retry-After are problem+json.")
    @Parameter(name = SvixHeaders.ID, in = ParameterIn.HEADER, required = true)
    @Parameter(name = SvixHeaders.TIMESTAMP, in = ParameterIn.HEADER, required = true)
    @Parameter(name = SvixHeaders.SIGNATURE, in = ParameterIn.HEADER, required = true)
    public Uni<Response> receive(@Context RoutingContext context) {
        long receivedAt = System.currentTimeMillis();
        return bodyReader.read(context, config.maxBodyBytes())
                .chain(body -> ingest.ingest(
                        new WebhookDelivery(SvixHeaders.from(context.request()::getHeader), body, receivedAt)))
                .map(outcome -> Response.noContent().header(OUTCOME_HEADER, outcome.tag()).build());
    }

    /** The benchmark's baseline: the same HTTP stack and body reading, no verification, no Kafka. Off by default. */
    @POST
    @Path("/baseline")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Uni<Response> baseline(@Context RoutingContext context) {
        if (!config.benchmarkBaseline().enabled()) {
            throw new NotFoundException();
        }
        return bodyReader.read(context, config.maxBodyBytes()).map(body -> Response.noContent().build());
    }
}
