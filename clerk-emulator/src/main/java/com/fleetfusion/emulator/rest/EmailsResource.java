package com.fleetfusion.emulator.rest;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.fleetfusion.emulator.model.SentEmail;
import com.fleetfusion.emulator.service.Outbox;

import io.smallrye.mutiny.Uni;

/** Control API: the e-mails the Frontend API "sent" (verification and password reset codes), oldest first. */
@Path("/__emulator/emails")
@Produces(MediaType.APPLICATION_JSON)
public class EmailsResource {

    @Inject
    Outbox outbox;

    @GET
    public Uni<List<SentEmail>> emails(@QueryParam("to") String to) {
        return Uni.createFrom().item(() -> outbox.list(to));
    }
}
