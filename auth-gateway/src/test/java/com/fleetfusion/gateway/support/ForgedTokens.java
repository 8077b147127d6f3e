package com.fleetfusion.gateway.support;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Tokens an attacker could craft from a real one: no signature, a symmetric signature, a changed payload. */
public final class ForgedTokens {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private ForgedTokens() {
    }

    /** The payload of {@code token} under {@code alg: none} with an empty signature. */
    public static String algNone(String token) {
        return B64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + token.split("\\.")[1] + ".";
    }

    /** The payload of {@code token} signed HS256 with {@code secret} (the verifier's public key, say). */
    public static String hs256(String token, String secret) {
        try {
            String signingInput = B64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                    + "." + token.split("\\.")[1];
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return signingInput + "." + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code token} with one string in its payload replaced, the original signature kept. */
    public static String tamper(String token, String from, String to) {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        if (!payload.contains(from)) {
            throw new IllegalArgumentException("payload has no " + from);
        }
        return parts[0] + "." + B64.encodeToString(payload.replace(from, to).getBytes(StandardCharsets.UTF_8)) + "."
                + parts[2];
    }
}
