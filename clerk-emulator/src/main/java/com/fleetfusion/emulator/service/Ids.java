package com.fleetfusion.emulator.service;

import java.security.SecureRandom;

/** Identifiers shaped like Clerk's: a type prefix and 27 base62 characters (user_2g7n..., org_..., msg_...). */
public final class Ids {

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    public static String next(String prefix) {
        return prefix + "_" + random(27);
    }

    public static String random(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(BASE62.charAt(RANDOM.nextInt(BASE62.length())));
        }
        return out.toString();
    }

    public static String traceId() {
        StringBuilder out = new StringBuilder(32);
        for (int i = 0; i < 32; i++) {
            out.append(Character.forDigit(RANDOM.nextInt(16), 16));
        }
        return out.toString();
    }
}
