package com.fleetfusion.store.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fleetfusion.problem.ProblemType;
import com.fleetfusion.store.config.TenantStoreConfig;

/**
 * The operations endpoints' own credential, {@code Authorization: Bearer <ADMIN_TOKEN>}, never a Clerk session.
 * Compared in constant time (digests of equal length, {@link MessageDigest#isEqual}); with no ADMIN_TOKEN every
 * request is refused.
 */
@ApplicationScoped
public class AdminCredential {

    private final byte[] expectedDigest;

    @Inject
    public AdminCredential(TenantStoreConfig config) {
        this(config.adminToken());
    }

    public AdminCredential(Optional<String> adminToken) {
        this.expectedDigest = adminToken.map(String::trim).filter(token -> !token.isEmpty())
                .map(AdminCredential::digest).orElse(null);
    }

    /** Throws {@link AdminUnauthorized} unless the header carries the admin token. */
    public void check(String authorization) {
        if (!accepts(authorization)) {
            throw new AdminUnauthorized();
        }
    }

    public boolean accepts(String authorization) {
        if (expectedDigest == null || authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(expectedDigest, digest(authorization.substring(7).trim()));
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** 401: a missing, wrong, or (ADMIN_TOKEN unset) any credential. Says nothing about which. */
    public static final class AdminUnauthorized extends TenantStoreException {
        public AdminUnauthorized() {
            super(ProblemType.ADMIN_UNAUTHENTICATED, "The operations endpoints need the admin token.");
        }
    }
}
