package com.fleetfusion.emulator.service;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fleetfusion.emulator.config.EmulatorConfig;

/**
 * The instance's RS256 signing keys. The first key's kid is the instance id, as at Clerk. Rotation publishes a new key
 * beside the old ones and signs with it; {@code retire_old} withdraws the old ones in the same step.
 */
@ApplicationScoped
public class SigningKeys {

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    @Inject
    EmulatorConfig config;

    private final List<SigningKey> published = new ArrayList<>();
    private int generation;

    public record SigningKey(String kid, KeyPair pair) {
    }

    @PostConstruct
    void init() {
        reset();
    }

    public synchronized void reset() {
        published.clear();
        generation = 0;
        published.add(generate());
    }

    public synchronized SigningKey current() {
        return published.get(published.size() - 1);
    }

    public synchronized void rotate(boolean retireOld) {
        SigningKey next = generate();
        if (retireOld) {
            published.clear();
        }
        published.add(next);
    }

    /** A key that no JWKS of this instance ever published, for deliberately unverifiable tokens. */
    public SigningKey foreign() {
        return new SigningKey(current().kid(), newPair());
    }

    public synchronized ObjectNode jwks() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        var keys = out.putArray("keys");
        for (SigningKey key : published) {
            RSAPublicKey pub = (RSAPublicKey) key.pair().getPublic();
            ObjectNode jwk = keys.addObject();
            jwk.put("use", "sig");
            jwk.put("kty", "RSA");
            jwk.put("kid", key.kid());
            jwk.put("alg", "RS256");
            jwk.put("n", B64URL.encodeToString(unsigned(pub.getModulus())));
            jwk.put("e", B64URL.encodeToString(unsigned(pub.getPublicExponent())));
        }
        return out;
    }

    /** A compact JWS: RS256 over base64url(header).base64url(payload). */
    public static String sign(SigningKey key, ObjectNode payload) {
        ObjectNode header = JsonNodeFactory.instance.objectNode();
        header.put("alg", "RS256");
        header.put("kid", key.kid());
        header.put("typ", "JWT");
        String signingInput = B64URL.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8)) + "."
                + B64URL.encodeToString(payload.toString().getBytes(StandardCharsets.UTF_8));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key.pair().getPrivate());
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64URL.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RS256 signing failed", e);
        }
    }

    private SigningKey generate() {
        generation++;
        String kid = generation == 1 ? config.instanceId() : config.instanceId() + "_" + generation;
        return new SigningKey(kid, newPair());
    }

    private static KeyPair newPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA unavailable", e);
        }
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            byte[] trimmed = new byte[bytes.length - 1];
            System.arraycopy(bytes, 1, trimmed, 0, trimmed.length);
            return trimmed;
        }
        return bytes;
    }
}
