package com.fleetfusion.emulator.service;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fleetfusion.emulator.config.EmulatorConfig;
import com.fleetfusion.emulator.model.TokenRequest;
import com.fleetfusion.emulator.model.UserState;
import com.fleetfusion.emulator.store.ClerkStore;
import com.fleetfusion.emulator.store.ClerkStore.ActiveOrganization;

/**
 * Session tokens as Clerk's Frontend API issues them (docs/clerk-facts.md, "Session token lifetime, algorithm and
 * header", "Session token v1 claims", "Session token v2 claims"): RS256, kid = the signing key, lifetime 60 s,
 * nbf = iat - 5 s, the session's active organization as v1 flat claims or the v2 compact {@code o} claim, and the
 * custom claim {@code metadata} = the user's public metadata (docs/clerk-facts.md, "Custom claims and onboarding
 * metadata").
 */
@ApplicationScoped
public class SessionTokens {

    public static final Set<String> DEFECTS = Set.of("expired", "nbf_future", "iat_future", "wrong_azp",
            "unknown_key", "pending");
    static final String WRONG_AZP = "https://not-an-authorized-party.example";
    /** Clerk's default allowed clock skew: nbf is set this far back. */
    private static final long SKEW_SECONDS = 5;
    /** Far enough outside any verifier's skew allowance to be refused for sure. */
    private static final long WELL_OUTSIDE_SKEW_SECONDS = 120;

    @Inject
    EmulatorConfig config;

    @Inject
    SigningKeys keys;

    @Inject
    ClerkStore store;

    Clock clock = Clock.systemUTC();

    public String mint(TokenRequest request, String issuer) {
        if (request.userId() == null || request.userId().isBlank()) {
            throw new ControlApiException("user_id is required");
        }
        int version = request.version() == null ? config.tokenVersion() : request.version();
        if (version != 1 && version != 2) {
            throw new ControlApiException("version must be 1 or 2");
        }
        String defect = request.defect();
        if (defect != null && !DEFECTS.contains(defect)) {
            throw new ControlApiException("defect must be one of " + DEFECTS);
        }
        long ttl = request.ttlSeconds() == null ? config.tokenTtl().toSeconds() : request.ttlSeconds();
        if (ttl <= 0) {
            throw new ControlApiException("ttl_seconds must be positive");
        }
        UserState user = store.userState(request.userId());
        boolean pending = "pending".equals(defect);
        // a pending session has not chosen its organization yet (Clerk: an org is required and none is active)
        Optional<ActiveOrganization> active = pending ? Optional.empty()
                : store.activeOrganization(user.id(), request.organizationId());

        long now = clock.instant().getEpochSecond();
        long iat = now;
        long nbf = now - SKEW_SECONDS;
        long exp = now + ttl;
        switch (defect == null ? "" : defect) {
            case "expired" -> {
                iat = now - WELL_OUTSIDE_SKEW_SECONDS - ttl;
                nbf = iat - SKEW_SECONDS;
                exp = now - WELL_OUTSIDE_SKEW_SECONDS;
            }
            case "nbf_future" -> nbf = now + WELL_OUTSIDE_SKEW_SECONDS;
            case "iat_future" -> {
                iat = now + WELL_OUTSIDE_SKEW_SECONDS;
                exp = iat + ttl;
            }
            default -> {
            }
        }
        String azp = "wrong_azp".equals(defect) ? WRONG_AZP
                : request.azp() != null ? request.azp() : config.authorizedParties().get(0);
        List<String> permissions = request.permissions() == null ? List.of() : request.permissions();
        return sign(user, user.sessionId(), active, version, defect, iat, nbf, exp, azp, permissions, issuer);
    }

    /**
     * A token of a Frontend API session (POST /v1/client/sessions/{id}/tokens): its own {@code sid}, exactly the
     * session's active organization (none = the personal account), {@code azp} = the request's Origin as at Clerk.
     */
    public String mintForSession(String userId, String sessionId, String organizationId, String azp,
            String issuer) {
        UserState user = store.userState(userId);
        Optional<ActiveOrganization> active = organizationId == null ? Optional.empty()
                : store.activeOrganization(userId, organizationId);
        long now = clock.instant().getEpochSecond();
        return sign(user, sessionId, active, config.tokenVersion(), null, now, now - SKEW_SECONDS,
                now + config.tokenTtl().toSeconds(), azp == null ? config.authorizedParties().get(0) : azp,
                List.of(), issuer);
    }

    private String sign(UserState user, String sessionId, Optional<ActiveOrganization> active, int version,
            String defect, long iat, long nbf, long exp, String azp, List<String> permissions, String issuer) {
        boolean pending = "pending".equals(defect);
        ObjectNode claims = JsonNodeFactory.instance.objectNode();
        claims.put("azp", azp);
        claims.put("exp", exp);
        ArrayNode fva = claims.putArray("fva");
        fva.add(0);
        fva.add(-1);
        claims.put("iat", iat);
        claims.put("iss", issuer);
        if (version == 2) {
            claims.put("jti", Ids.random(20));
        }
        claims.put("nbf", nbf);
        claims.put("sid", sessionId);
        claims.put("sub", user.id());
        if (version == 1) {
            active.ifPresent(a -> {
                claims.put("org_id", a.organization().id());
                claims.put("org_role", a.membership().role());
                claims.put("org_slug", a.organization().slug());
                ArrayNode perms = claims.putArray("org_permissions");
                permissions.forEach(perms::add);
            });
            if (pending) {
                claims.put("sts", "pending");
            }
        } else {
            claims.put("v", 2);
            OrgPermissions encoded = OrgPermissions.encode(active.isPresent() ? permissions : List.of());
            claims.put("fea", encoded.fea());
            claims.put("sts", pending ? "pending" : "active");
            active.ifPresent(a -> {
                ObjectNode o = claims.putObject("o");
                o.put("id", a.organization().id());
                o.put("slg", a.organization().slug());
                o.put("rol", a.membership().role().replaceFirst("^org:", ""));
                o.put("per", encoded.per());
                o.put("fpm", encoded.fpm());
            });
        }
        claims.set("metadata", user.publicMetadata().deepCopy());
        SigningKeys.SigningKey key = "unknown_key".equals(defect) ? keys.foreign() : keys.current();
        return SigningKeys.sign(key, claims);
    }

    /**
     * v2's compact permissions: {@code fea} lists the features ("o:feature"), {@code per} the permission names, and
     * {@code fpm[i]} is a bitmask over {@code per} (least significant bit = first name) for feature i.
     */
    record OrgPermissions(String fea, String per, String fpm) {

        static OrgPermissions encode(List<String> permissions) {
            Map<String, List<String>> byFeature = new LinkedHashMap<>();
            List<String> names = new ArrayList<>();
            for (String permission : permissions) {
                String[] parts = permission.split(":");
                if (parts.length != 3 || !"org".equals(parts[0])) {
                    throw new ControlApiException("permissions look like org:<feature>:<permission>");
                }
                byFeature.computeIfAbsent(parts[1], f -> new ArrayList<>()).add(parts[2]);
                if (!names.contains(parts[2])) {
                    names.add(parts[2]);
                }
            }
            List<String> features = new ArrayList<>();
            List<String> masks = new ArrayList<>();
            byFeature.forEach((feature, perms) -> {
                features.add("o:" + feature);
                int mask = 0;
                for (String perm : perms) {
                    mask |= 1 << names.indexOf(perm);
                }
                masks.add(Integer.toString(mask));
            });
            return new OrgPermissions(String.join(",", features), String.join(",", names), String.join(",", masks));
        }
    }
}
