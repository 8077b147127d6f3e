package com.fleetfusion.session;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The one reader of a verified token's payload into a {@link SessionContext}, for both claim versions
 * (docs/clerk-session-tokens.md). The {@code v} claim decides, and only that version's claims are read: {@code v >= 2}
 * reads the compact {@code o} claim, anything else (v1 has no {@code v}) the flat {@code org_*} claims. No fallback
 * from one shape to the other, so a token cannot name two organizations and have the reader pick one.
 * v2 permissions follow Clerk's JS SDK: {@code fea} is first filtered to org-scoped features, then {@code fpm[i]} is a
 * bitmask (least significant bit = first entry of {@code o.per}) for the i-th org feature.
 */
public final class SessionClaims {

    private SessionClaims() {
    }

    public static SessionContext toContext(JsonNode claims) {
        String userId = text(claims, "sub");
        String sessionId = text(claims, "sid");
        boolean onboardingComplete = onboardingComplete(claims.path("metadata"));
        int version = claims.path("v").canConvertToInt() ? claims.path("v").asInt() : 1;
        if (version >= 2) {
            JsonNode org = claims.path("o");
            if (!org.isObject()) {
                return new SessionContext(userId, sessionId, null, null, null, List.of(), onboardingComplete, version);
            }
            String role = text(org, "rol");
            return new SessionContext(userId, sessionId, text(org, "id"), text(org, "slg"),
                    role == null ? null : "org:" + role,
                    v2Permissions(text(claims, "fea"), text(org, "per"), text(org, "fpm")),
                    onboardingComplete, version);
        }
        List<String> permissions = new ArrayList<>();
        claims.path("org_permissions").forEach(p -> permissions.add(p.asText()));
        return new SessionContext(userId, sessionId, text(claims, "org_id"), text(claims, "org_slug"),
                text(claims, "org_role"), permissions, onboardingComplete, 1);
    }

    /** Decodes {@code o.per} and {@code o.fpm} against the org-scoped features of {@code fea}. */
    static List<String> v2Permissions(String fea, String per, String fpm) {
        if (fea == null || per == null || fpm == null) {
            return List.of();
        }
        List<String> orgFeatures = new ArrayList<>();
        for (String entry : split(fea)) {
            int colon = entry.indexOf(':');
            if (colon > 0 && entry.substring(0, colon).contains("o")) {
                orgFeatures.add(entry.substring(colon + 1));
            }
        }
        List<String> permissionNames = split(per);
        List<String> masks = split(fpm);
        List<String> permissions = new ArrayList<>();
        for (int i = 0; i < orgFeatures.size() && i < masks.size(); i++) {
            long mask;
            try {
                mask = Long.parseLong(masks.get(i));
            } catch (NumberFormatException e) {
                continue;
            }
            for (int bit = 0; bit < permissionNames.size() && bit < Long.SIZE; bit++) {
                if ((mask >> bit & 1L) == 1L) {
                    permissions.add("org:" + orgFeatures.get(i) + ":" + permissionNames.get(bit));
                }
            }
        }
        return permissions;
    }

    private static boolean onboardingComplete(JsonNode metadata) {
        JsonNode flag = metadata.path("onboardingComplete");
        return flag.isBoolean() ? flag.asBoolean() : "true".equals(flag.asText());
    }

    private static List<String> split(String csv) {
        List<String> parts = new ArrayList<>();
        for (String part : csv.split(",")) {
            if (!part.isBlank()) {
                parts.add(part.trim());
            }
        }
        return parts;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || !value.isValueNode() ? null : value.asText();
    }
}
