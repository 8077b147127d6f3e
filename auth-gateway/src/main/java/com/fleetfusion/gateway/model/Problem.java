package com.fleetfusion.gateway.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An RFC 9457 problem document; {@code next} is where the SPA should go (only on GET /api/session refusals). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, String next) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
