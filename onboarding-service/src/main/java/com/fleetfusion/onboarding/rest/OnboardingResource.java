package com.fleetfusion.onboarding.rest;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fleetfusion.onboarding.model.OnboardingRequest;
import com.fleetfusion.onboarding.service.OnboardingAdmission;
import com.fleetfusion.onboarding.service.OnboardingSaga;
import com.fleetfusion.session.CurrentSession;
import com.fleetfusion.session.SessionRequired;

import io.smallrye.mutiny.Uni;

/** {@code POST /onboarding} (the gateway's {@code /api/onboarding}): the signed-in user creates their organization. */
@Path("/onboarding")
@SessionRequired
public class OnboardingResource {

    @Inject
    CurrentSession session;

    @Inject
    OnboardingSaga saga;

    @Inject
    OnboardingAdmission admission;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> onboard(
            @HeaderParam("Idempotency-Key") @Pattern(regexp = "[\\x21-\\x7e]{1,255}",
                    message = "must be 1 to 255 visible ASCII characters") String idempotencyKey,
            @NotNull(message = "a JSON body is required") @Valid OnboardingRequest body) {
        // the user is the token's subject, never a field of the body
        String userId = session.get().userId();
        admission.admit(userId);
        return saga.onboard(userId, body, idempotencyKey)
                .map(answer -> Response.status(Response.Status.CREATED).entity(answer).build())
                .onFailure().transform(OnboardingAnswers::answerFor);
    }
}
