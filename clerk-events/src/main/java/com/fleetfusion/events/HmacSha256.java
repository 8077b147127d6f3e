package com.fleetfusion.events;

import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 MACs keyed once and copied per use: looking a MAC up and keying it costs more than the MAC of a small
 * message, and a {@link Mac} is not thread-safe, so hot paths keep one keyed prototype and work on copies.
 */
public final class HmacSha256 {

    public static final String ALGORITHM = "HmacSHA256";

    private HmacSha256() {
    }

    /** A MAC keyed with {@code key}, to be used only through {@link #copy}. */
    public static Mac keyed(byte[] key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** A fresh copy of a keyed {@code prototype}, for one computation on the caller's thread. */
    public static Mac copy(Mac prototype) {
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("HmacSHA256 cannot be cloned", e);
        }
    }
}
