package com.fleetfusion.emulator.rest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import jakarta.inject.Inject;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fleetfusion.emulator.service.FrontendObjects;
import com.fleetfusion.emulator.service.Issuer;
import com.fleetfusion.emulator.service.SessionTokens;
import com.fleetfusion.emulator.store.FrontendStore;
import com.fleetfusion.emulator.store.FrontendStore.Client;
import com.fleetfusion.emulator.store.FrontendStore.Session;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * The part of Clerk's Frontend API that {@code @clerk/clerk-js} calls for e-mail + password sign-up with an e-mail
 * code, password sign-in, password reset by e-mail code, sign-out, session tokens and the active organization
 * (frontend-api-2026-05-12.yml). As clerk-js sends them: form-encoded POSTs, other verbs as {@code ?_method=}
 * ({@link MethodOverride}), the browser client in the HttpOnly {@code __client} cookie. Every answer but the token's is
 * {@code {"response": ..., "client": ...}}; refusals are Clerk's error bodies (docs/clerk-frontend-api.md).
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class ClientResource {

    static final String CLIENT_COOKIE = "__client";

    @Inject
    FrontendStore store;

    @Inject
    FrontendObjects objects;

    @Inject
    SessionTokens tokens;

    @Inject
    Issuer issuer;

    @GET
    @Path("/environment")
    public Uni<ObjectNode> environment() {
        return Uni.createFrom().item(objects::environment);
    }

    /** An unknown or absent client is {"response":null,"client":null} (200): clerk-js's load() then goes on. */
    @GET
    @Path("/client")
    public Uni<ObjectNode> client(@CookieParam(CLIENT_COOKIE) String clientId) {
        return Uni.createFrom().item(() -> store.read(clientId, client -> client
                .map(c -> objects.wrapped(objects.client(c), c)).orElseGet(() -> objects.wrapped(null, null))));
    }

    @POST
    @Path("/client")
    public Uni<Response> createClient(@CookieParam(CLIENT_COOKIE) String clientId) {
        return change(null, client -> objects.client(client));
    }

    @DELETE
    @Path("/client")
    public Uni<Response> destroyClient(@CookieParam(CLIENT_COOKIE) String clientId) {
        return Uni.createFrom().item(() -> {
            ObjectNode body = store.changeExisting(clientId, client -> {
                store.destroy(client);
                return objects.wrapped(objects.client(client), null);
            });
            return Response.ok(body).cookie(new NewCookie.Builder(CLIENT_COOKIE).value("").path("/").maxAge(0)
                    .httpOnly(true).sameSite(NewCookie.SameSite.LAX).build()).build();
        });
    }

    // ---------------------------------------------------------------- sign-up

    @POST
    @Path("/client/sign_ups")
    public Uni<Response> createSignUp(@CookieParam(CLIENT_COOKIE) String clientId, String body) {
        return change(clientId, client -> objects.signUp(store.createSignUp(client, form(body))));
    }

    @GET
    @Path("/client/sign_ups/{id}")
    public Uni<Response> getSignUp(@CookieParam(CLIENT_COOKIE) String clientId, @PathParam("id") String id) {
        return existing(clientId, client -> objects.signUp(store.signUp(client, id)));
    }

    @PATCH
    @Path("/client/sign_ups/{id}")
    public Uni<Response> updateSignUp(@CookieParam(CLIENT_COOKIE) String clientId, @PathParam("id") String id,
            String body) {
        return existing(clientId, client -> objects.signUp(store.updateSignUp(store.signUp(client, id), form(body))));
    }

    @POST
    @Path("/client/sign_ups/{id}/prepare_verification")
    public Uni<Response> prepareSignUpVerification(@CookieParam(CLIENT_COOKIE) String clientId,
            @PathParam("id") String id, String body) {
        return existing(clientId, client -> objects.signUp(store.prepareSignUpVerification(store.signUp(client, id),
                form(body).get("strategy"))));
    }

    @POST
    @Path("/client/sign_ups/{id}/attempt_verification")
    public Uni<Response> attemptSignUpVerification(@CookieParam(CLIENT_COOKIE) String clientId,
            @PathParam("id") String id, String body) {
        return existing(clientId, client -> {
            Map<String, String> form = form(body);
            return objects.signUp(store.attemptSignUpVerification(client, store.signUp(client, id),
                    form.get("strategy"), form.get("code")));
        });
    }

    // ---------------------------------------------------------------- sign-in

    @POST
    @Path("/client/sign_ins")
    public Uni<Response> createSignIn(@CookieParam(CLIENT_COOKIE) String clientId, String body) {
        return change(clientId, client -> objects.signIn(store.createSignIn(client, form(body))));
    }

    @GET
    @Path("/client/sign_ins/{id}")
    public Uni<Response> getSignIn(@CookieParam(CLIENT_COOKIE) String clientId, @PathParam("id") String id) {
        return existing(clientId, client -> objects.signIn(store.signIn(client, id)));
    }

    @POST
    @Path("/client/sign_ins/{id}/prepare_first_factor")
    public Uni<Response> prepareFirstFactor(@CookieParam(CLIENT_COOKIE) String clientId, @PathParam("id") String id,
            String body) {
        return existing(clientId, client -> objects.signIn(store.prepareFirstFactor(store.signIn(client, id),
                form(body).get("strategy"))));
    }

    @POST
    @Path("/client/sign_ins/{id}/attempt_first_factor")
    public Uni<Response> attemptFirstFactor(@CookieParam(CLIENT_COOKIE) String clientId, @PathParam("id") String id,
            String body) {
        return existing(clientId, client -> objects.signIn(store.attemptFirstFactor(client, store.signIn(client, id),
                form(body))));
    }

    @POST
    @Path("/client/sign_ins/{id}/reset_password")
    public Uni<Response> resetPassword(@CookieParam(CLIENT_COOKIE) String clientId, @PathParam("id") String id,
            String body) {
        return existing(clientId, client -> objects.signIn(store.resetPassword(client, store.signIn(client, id),
                form(body).get("password"))));
    }

    // ---------------------------------------------------------------- sessions

    /** Sign-out: ends every session of the client, keeps the client (clerk-js's removeSessions). */
    @DELETE
    @Path("/client/sessions")
    public Uni<Response> removeSessions(@CookieParam(CLIENT_COOKIE) String clientId) {
        return existing(clientId, client -> {
            store.removeSessions(client);
            return objects.client(client);
        });
    }

    @GET
    @Path("/client/sessions/{id}")
    public Uni<Response> getSession(@CookieParam(CLIENT_COOKIE) String clientId, @PathParam("id") String id) {
        return existing(clientId, client -> sessionJson(store.session(client, id)));
    }

    /** setActive: the session becomes the client's last active one, with the organization given (or none). */
    @POST
    @Path("/client/sessions/{id}/touch")
    public Uni<Response> touch(@CookieParam(CLIENT_COOKIE) String clientId, @PathParam("id") String id,
            String body) {
        return existing(clientId, client -> {
            Map<String, String> form = form(body);
            Session session = store.session(client, id);
            if (form.containsKey("active_organization_id")) {
                store.setActiveOrganization(client, session, form.get("active_organization_id"));
            }
            return sessionJson(session);
        });
    }

    @POST
    @Path("/client/sessions/{id}/end")
    public Uni<Response> end(@CookieParam(CLIENT_COOKIE) String clientId, @PathParam("id") String id) {
        return endSession(clientId, id, "ended");
    }

    @POST
    @Path("/client/sessions/{id}/remove")
    public Uni<Response> remove(@CookieParam(CLIENT_COOKIE) String clientId, @PathParam("id") String id) {
        return endSession(clientId, id, "removed");
    }

    /**
     * A session token. {@code organization_id} absent: the session's active organization; empty: the personal
     * account; an id: that organization, which becomes the active one. The answer is the bare {"object":"token","jwt"}.
     */
    @POST
    @Path("/client/sessions/{id}/tokens")
    public Uni<ObjectNode> token(@CookieParam(CLIENT_COOKIE) String clientId, @PathParam("id") String id,
            @HeaderParam("Origin") String origin, @Context HttpServerRequest http, String body) {
        String iss = issuer.of(http);
        return Uni.createFrom().item(() -> store.changeExisting(clientId, client -> {
            Map<String, String> form = form(body);
            Session session = store.session(client, id);
            if (form.containsKey("organization_id")) {
                store.setActiveOrganization(client, session, form.get("organization_id"));
            }
            return FrontendObjects.token(tokens.mintForSession(session.userId, session.id,
                    store.tokenOrganization(session), origin, iss));
        }));
    }

    private Uni<Response> endSession(String clientId, String id, String status) {
        return existing(clientId, client -> {
            Session session = store.session(client, id);
            store.endSession(client, session, status);
            ObjectNode json = objects.session(session).orElse(null);
            return json;
        });
    }

    private ObjectNode sessionJson(Session session) {
        return objects.session(session).orElseThrow(() ->
                com.fleetfusion.emulator.service.ClerkException.notFound("The session's user no longer exists."));
    }

    // ---------------------------------------------------------------- envelope, cookie, form

    /** A change on the cookie's client (a new client when there is none), answered with the envelope and cookie. */
    private Uni<Response> change(String clientId, Function<Client, ObjectNode> work) {
        return Uni.createFrom().item(() -> store.change(clientId, client -> withCookie(work.apply(client), client)));
    }

    private Uni<Response> existing(String clientId, Function<Client, ObjectNode> work) {
        return Uni.createFrom().item(() -> store.changeExisting(clientId,
                client -> withCookie(work.apply(client), client)));
    }

    private Response withCookie(ObjectNode response, Client client) {
        // HttpOnly and SameSite=Lax as Clerk's __client; not Secure, so that it works on http://localhost
        NewCookie cookie = new NewCookie.Builder(CLIENT_COOKIE).value(client.id).path("/").httpOnly(true)
                .sameSite(NewCookie.SameSite.LAX).maxAge((int) Duration.ofDays(365).toSeconds()).build();
        return Response.ok(objects.wrapped(response, client)).cookie(cookie).build();
    }

    /** clerk-js's bodies: application/x-www-form-urlencoded, snake_case keys. */
    static Map<String, String> form(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        if (body == null || body.isBlank()) {
            return out;
        }
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(key, value);
        }
        return out;
    }
}
