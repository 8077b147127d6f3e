package com.fleetfusion.onboarding;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fleetfusion.testsupport.ClerkEmulatorProcess;
import com.fleetfusion.testsupport.ClerkEmulatorResource;
import com.fleetfusion.testsupport.KafkaResource;
import com.fleetfusion.testsupport.PostgresResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** CLERK_JWT_KEY: the instance's public key as PEM (Clerk's "JWKS Public Key"), headers and line breaks included. */
@QuarkusTest
@TestProfile(PemSessionKeyTest.PemKey.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(ClerkEmulatorResource.WithSessions.class)
class PemSessionKeyTest extends OnboardingTestSupport {

    public static class PemKey implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("clerk.jwt-key", pemOf(ClerkEmulatorProcess.shared().client().jwks().path("keys").get(0)));
        }

        static String pemOf(JsonNode jwk) {
            try {
                Base64.Decoder url = Base64.getUrlDecoder();
                RSAPublicKeySpec spec = new RSAPublicKeySpec(new BigInteger(1, url.decode(jwk.path("n").asText())),
                        new BigInteger(1, url.decode(jwk.path("e").asText())));
                byte[] der = KeyFactory.getInstance("RSA").generatePublic(spec).getEncoded();
                return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                        + "\n-----END PUBLIC KEY-----\n";
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void sessionTokenIsVerifiedWithThePemKey() {
        submit(tokenOf(newUser()), form(uniqueName("Pem Freight"))).then().statusCode(201);
    }

    @Test
    void tokenOfAnotherKeyIsRefusedWithThePemKey() {
        submit(emulator.token(newUser(), null, null, "unknown_key"), form(uniqueName("Other Key Freight")))
                .then().statusCode(401);
    }
}
