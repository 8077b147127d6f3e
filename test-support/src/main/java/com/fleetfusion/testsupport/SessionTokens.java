package com.fleetfusion.testsupport;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;

/**
 * Clerk-shaped session tokens for tests, signed offline (RS256) with a test RSA key pair generated once per JVM.
 * A service under test verifies them with {@code quarkus.oidc.public-key} = {@link #publicKeyBase64Der()} (or
 * {@link #publicKeyPem()}, the form of {@code CLERK_JWT_KEY}) and {@code quarkus.oidc.token.issuer} = {@link #ISSUER}.
 *
 * <pre>{@code
 * String v1 = SessionTokens.v1("user_1").organization("org_1", "acme", "org:admin", "org:dashboard:read").sign();
 * String v2 = SessionTokens.v2("user_1").organization("org_1", "acme", "org:admin").metadata(Map.of("onboardingComplete", true)).sign();
 * String expired = SessionTokens.v1("user_1").expiresAt(Instant.now().minusSeconds(60)).sign();
 * }</pre>
 *
 * Needs {@code io.smallrye:smallrye-jwt-build} on the test class path (in the Quarkus BOM; declare it in the module).
 */
public final class SessionTokens {

    /** The issuer the tokens claim by default: a Clerk Frontend API URL. */
    public static final String ISSUER = "https://clerk.fleetfusion.test";
    /** The authorized party ({@code azp}) the tokens claim by default: the SPA's origin. */
    public static final String AUTHORIZED_PARTY = "http://localhost:5173";
    /** The {@code kid} of the test key (Clerk uses the instance id). */
    public static final String KEY_ID = "ins_test_fleetfusion";

    private static final KeyPair KEYS = generate();

    private SessionTokens() {
    }

    /** A v1 token (flat claims {@code org_id}, {@code org_role}, {@code org_slug}, {@code org_permissions}). */
    public static Builder v1(String userId) {
        return new Builder(1, userId);
    }

    /** A v2 token ({@code v: 2}, compact {@code o} claim: id, slg, rol without "org:", per, fpm). */
    public static Builder v2(String userId) {
        return new Builder(2, userId);
    }

    public static PublicKey publicKey() {
        return KEYS.getPublic();
    }

    /** Also signs tokens a test wants to forge by hand; never leaves the test JVM. */
    public static PrivateKey privateKey() {
        return KEYS.getPrivate();
    }

    /** The public key as base64 DER (SubjectPublicKeyInfo), no header lines: the form of quarkus.oidc.public-key. */
    public static String publicKeyBase64Der() {
        return Base64.getEncoder().encodeToString(KEYS.getPublic().getEncoded());
    }

    /** The public key as PEM ({@code -----BEGIN PUBLIC KEY-----}): the form of Clerk's "JWKS Public Key". */
    public static String publicKeyPem() {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(KEYS.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** A fresh RSA key pair unknown to any service: tokens signed with it must be refused. */
    public static KeyPair otherKeyPair() {
        return generate();
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Builds one token; every claim has a Clerk-like default (60 s lifetime, nbf 5 s in the past). */
    public static final class Builder {
        private final int version;
        private final Map<String, Object> claims = new LinkedHashMap<>();
        private Instant issuedAt = Instant.now();
        private Instant expiresAt;
        private Instant notBefore;
        private PrivateKey signingKey = KEYS.getPrivate();
        private String keyId = KEY_ID;

        private Builder(int version, String userId) {
            this.version = version;
            claims.put("sub", userId);
            claims.put("sid", "sess_" + UUID.randomUUID().toString().replace("-", ""));
            claims.put("iss", ISSUER);
            claims.put("azp", AUTHORIZED_PARTY);
            claims.put("fva", List.of(0, -1));
            if (version == 2) {
                claims.put("v", 2);
                claims.put("jti", UUID.randomUUID().toString().replace("-", ""));
                claims.put("sts", "active");
            }
        }

        /**
         * Sets the active organization. {@code role} is Clerk's full role key ({@code org:admin}); permissions are
         * full keys ({@code org:feature:perm}). v2 encodes them as Clerk does ({@code rol}, {@code per},
         * {@code fpm}, {@code fea}).
         */
        public Builder organization(String orgId, String slug, String role, String... permissions) {
            if (version == 1) {
                claims.put("org_id", orgId);
                claims.put("org_slug", slug);
                claims.put("org_role", role);
                claims.put("org_permissions", List.of(permissions));
            } else {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("id", orgId);
                o.put("slg", slug);
                o.put("rol", role.startsWith("org:") ? role.substring(4) : role);
                encodePermissions(o, permissions);
                claims.put("o", o);
            }
            return this;
        }

        /** v2 only: features in fea, perms in per, one bitmask per feature in fpm (LSB = first perm). */
        private void encodePermissions(Map<String, Object> o, String[] permissions) {
            List<String> features = new ArrayList<>();
            List<String> perms = new ArrayList<>();
            for (String permission : permissions) {
                String[] parts = permission.split(":");
                if (parts.length != 3) {
                    throw new IllegalArgumentException("permission must be org:<feature>:<perm>: " + permission);
                }
                if (!features.contains(parts[1])) {
                    features.add(parts[1]);
                }
                if (!perms.contains(parts[2])) {
                    perms.add(parts[2]);
                }
            }
            List<String> masks = new ArrayList<>();
            for (String feature : features) {
                int mask = 0;
                for (String permission : permissions) {
                    String[] parts = permission.split(":");
                    if (parts[1].equals(feature)) {
                        mask |= 1 << perms.indexOf(parts[2]);
                    }
                }
                masks.add(Integer.toString(mask));
            }
            o.put("per", String.join(",", perms));
            o.put("fpm", String.join(",", masks));
            claims.put("fea", String.join(",", features.stream().map(f -> "o:" + f).toList()));
        }

        /** The custom claim {@code metadata} (the user's public metadata surfaced by the session token template). */
        public Builder metadata(Map<String, ?> metadata) {
            claims.put("metadata", metadata);
            return this;
        }

        public Builder issuer(String issuer) {
            claims.put("iss", issuer);
            return this;
        }

        /** {@code null} removes the claim (Clerk omits it when the request had no Origin). */
        public Builder authorizedParty(String azp) {
            if (azp == null) {
                claims.remove("azp");
            } else {
                claims.put("azp", azp);
            }
            return this;
        }

        public Builder sessionId(String sid) {
            claims.put("sid", sid);
            return this;
        }

        /** Any other claim; {@code null} removes it. */
        public Builder claim(String name, Object value) {
            if (value == null) {
                claims.remove(name);
            } else {
                claims.put(name, value);
            }
            return this;
        }

        public Builder issuedAt(Instant iat) {
            this.issuedAt = iat;
            return this;
        }

        public Builder expiresAt(Instant exp) {
            this.expiresAt = exp;
            return this;
        }

        public Builder expiresIn(Duration lifetime) {
            this.expiresAt = Instant.now().plus(lifetime);
            return this;
        }

        public Builder notBefore(Instant nbf) {
            this.notBefore = nbf;
            return this;
        }

        /** Signs with another key (e.g. {@link SessionTokens#otherKeyPair()}) to test refusal. */
        public Builder signWith(PrivateKey key, String kid) {
            this.signingKey = key;
            this.keyId = kid;
            return this;
        }

        /** The compact JWS. */
        public String sign() {
            Instant exp = expiresAt != null ? expiresAt : issuedAt.plusSeconds(60);
            Instant nbf = notBefore != null ? notBefore : issuedAt.minusSeconds(5);
            Map<String, Object> all = new LinkedHashMap<>(claims);
            all.put("iat", issuedAt.getEpochSecond());
            all.put("nbf", nbf.getEpochSecond());
            all.put("exp", exp.getEpochSecond());
            return Jwt.claims(all).jws().keyId(keyId).algorithm(SignatureAlgorithm.RS256).sign(signingKey);
        }
    }
}
