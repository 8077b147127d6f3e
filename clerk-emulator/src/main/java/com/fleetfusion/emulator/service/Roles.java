package com.fleetfusion.emulator.service;

import java.util.List;
import java.util.Map;

/**
 * The instance's organization roles: Clerk's two defaults. Their permissions are Clerk's system permissions, which
 * memberships list but session tokens leave out (Clerk omits system permissions from the token).
 */
public final class Roles {

    public static final String ADMIN = "org:admin";
    public static final String MEMBER = "org:member";

    private static final Map<String, String> NAMES = Map.of(ADMIN, "Admin", MEMBER, "Member");
    private static final Map<String, List<String>> PERMISSIONS = Map.of(
            ADMIN, List.of("org:sys_profile:manage", "org:sys_profile:delete", "org:sys_memberships:read",
                    "org:sys_memberships:manage", "org:sys_domains:read", "org:sys_domains:manage"),
            MEMBER, List.of("org:sys_memberships:read"));

    private Roles() {
    }

    public static boolean exists(String role) {
        return NAMES.containsKey(role);
    }

    public static String name(String role) {
        return NAMES.getOrDefault(role, role);
    }

    public static List<String> permissions(String role) {
        return PERMISSIONS.getOrDefault(role, List.of());
    }
}
