package com.fleetfusion.emulator.service;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The users' passwords, as salted PBKDF2 hashes (never the password itself): set at sign-up and password reset,
 * checked at sign-in. Clerk's rule for a new password here: 8 to 72 characters (the environment's password_settings).
 */
@ApplicationScoped
public class Passwords {

    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 72;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, String> hashes = new ConcurrentHashMap<>();

    /** Clerk's refusals of a new password (422, meta.param_name = password). */
    public static void checkNew(String password) {
        if (password == null || password.isEmpty()) {
            throw ClerkException.paramMissing("password");
        }
        if (password.length() < MIN_LENGTH) {
            throw new ClerkException(422, "form_password_length_too_short", "Passwords must be 8 characters or more.",
                    "Passwords must be 8 characters or more.", Map.of("param_name", "password"), null);
        }
        if (password.length() > MAX_LENGTH) {
            throw new ClerkException(422, "form_password_length_too_long", "Passwords must be 72 characters or less.",
                    "Passwords must be 72 characters or less.", Map.of("param_name", "password"), null);
        }
    }

    public static String hash(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return Base64.getEncoder().encodeToString(salt) + ":" + Base64.getEncoder().encodeToString(derive(password,
                salt));
    }

    public void set(String userId, String hash) {
        hashes.put(userId, hash);
    }

    public boolean enabled(String userId) {
        return hashes.containsKey(userId);
    }

    public boolean matches(String userId, String password) {
        String stored = hashes.get(userId);
        if (stored == null || password == null) {
            return false;
        }
        String[] parts = stored.split(":");
        byte[] salt = Base64.getDecoder().decode(parts[0]);
        return MessageDigest.isEqual(Base64.getDecoder().decode(parts[1]), derive(password, salt));
    }

    public void reset() {
        hashes.clear();
    }

    private static byte[] derive(String password, byte[] salt) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, 10_000, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
