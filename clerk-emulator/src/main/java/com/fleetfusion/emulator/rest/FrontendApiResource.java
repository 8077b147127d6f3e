package com.fleetfusion.emulator.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fleetfusion.emulator.service.Issuer;
import com.fleetfusion.emulator.service.SigningKeys;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * The Frontend API's public key endpoints: OIDC discovery and the JWKS, with no authentication (as at Clerk), so a
 * standard OIDC client configured with nothing but the issuer URL finds the keys.
 */
@Path("/.well-known")
@Produces(MediaType.APPLICATION_JSON)
public class FrontendApiResource {

    @Inject
    SigningKeys keys;

    @Inject
    Issuer issuer;

    @GET
    @Path("/openid-configuration")
    public Uni<ObjectNode> openidConfiguration(@Context HttpServerRequest request) {
        return Uni.createFrom().item(() -> {
            String iss = issuer.of(request);
            String base = Issuer.baseUrl(request);
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            out.put("issuer", iss);
            out.put("authorization_endpoint", base + "/oauth/authorize");
            out.put("token_endpoint", base + "/oauth/token");
            out.put("revocation_endpoint", base + "/oauth/token/revoke");
            out.put("userinfo_endpoint", base + "/oauth/userinfo");
            out.put("jwks_uri", base + "/.well-known/jwks.json");
            out.putArray("scopes_supported").add("openid").add("profile").add("email");
            out.putArray("response_types_supported").add("code");
            out.putArray("response_modes_supported").add("query").add("form_post");
            out.putArray("grant_types_supported").add("authorization_code").add("refresh_token");
            out.putArray("subject_types_supported").add("public");
            out.putArray("id_token_signing_alg_values_supported").add("RS256");
            out.putArray("token_endpoint_auth_methods_supported").add("client_secret_basic")
                    .add("client_secret_post");
            out.putArray("claims_supported").add("sub").add("iss").add("aud").add("exp").add("iat").add("azp")
                    .add("sid").add("nbf");
            out.putArray("code_challenge_methods_supported").add("S256");
            return out;
        });
    }

    @GET
    @Path("/jwks.json")
    public Uni<ObjectNode> jwks() {
        return Uni.createFrom().item(keys::jwks);
    }
}
