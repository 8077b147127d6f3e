package com.fleetfusion.store.rest;

import java.util.Optional;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The active organization of a verified Clerk session token: v1 carries it as {@code org_id}, v2 as {@code o.id}.
 */
public final class SessionOrganization {

    private SessionOrganization() {
    }

    public static Optional<String> activeOrganization(JsonWebToken token) {
        Optional<String> v1 = text(token.getClaim("org_id"));
        if (v1.isPresent()) {
            return v1;
        }
        Object compact = token.getClaim("o");
        if (compact instanceof JsonObject o) {
            return text(o.get("id"));
        }
        return Optional.empty();
    }

    /** The caller's role in its active organization, as Clerk's full key ({@code org:admin}); v2 omits "org:". */
    public static Optional<String> activeRole(JsonWebToken token) {
        Optional<String> v1 = text(token.getClaim("org_role"));
        if (v1.isPresent()) {
            return v1;
        }
        Object compact = token.getClaim("o");
        if (compact instanceof JsonObject o) {
            return text(o.get("rol")).map(role -> role.startsWith("org:") ? role : "org:" + role);
        }
        return Optional.empty();
    }

    /** The caller's permissions in its active organization (v1 {@code org_permissions}). */
    public static java.util.List<String> activePermissions(JsonWebToken token) {
        Object claim = token.getClaim("org_permissions");
        if (claim instanceof jakarta.json.JsonArray array) {
            return array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
        }
        return java.util.List.of();
    }

    /** Refuses (403) a token whose active organization is not {@code organizationId}, before any lookup. */
    public static void require(JsonWebToken token, String organizationId) {
        if (!activeOrganization(token).map(organizationId::equals).orElse(false)) {
            throw new TenantStoreException.OrganizationMismatch();
        }
    }

    private static Optional<String> text(Object claim) {
        if (claim instanceof String s && !s.isBlank()) {
            return Optional.of(s);
        }
        if (claim instanceof JsonString s && !s.getString().isBlank()) {
            return Optional.of(s.getString());
        }
        return Optional.empty();
    }
}
