package com.fleetfusion.onboarding.model;

import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Locale;

/** Clerk organization slugs: lowercase letters, digits and dashes. */
public final class Slugs {

    public static final String PATTERN = "[a-z0-9]+(-[a-z0-9]+)*";
    static final int MAX_LENGTH = 60;
    private static final int SUFFIX_LENGTH = 5;
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Slugs() {
    }

    /** "Acme Freight, Inc." → "acme-freight-inc"; accents are folded, anything else becomes a single dash. */
    public static String fromName(String name) {
        String folded = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        String slug = folded.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        if (slug.length() > MAX_LENGTH - SUFFIX_LENGTH - 1) {
            slug = slug.substring(0, MAX_LENGTH - SUFFIX_LENGTH - 1).replaceAll("-+$", "");
        }
        return slug.isEmpty() ? "org" : slug;
    }

    /** A random suffix rather than -2, -3: another tenant racing for the same name would collide on counters. */
    public static String suffixed(String base) {
        StringBuilder suffix = new StringBuilder(SUFFIX_LENGTH);
        for (int i = 0; i < SUFFIX_LENGTH; i++) {
            suffix.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        String head = base.length() > MAX_LENGTH - SUFFIX_LENGTH - 1
                ? base.substring(0, MAX_LENGTH - SUFFIX_LENGTH - 1).replaceAll("-+$", "")
                : base;
        return head + "-" + suffix;
    }
}
