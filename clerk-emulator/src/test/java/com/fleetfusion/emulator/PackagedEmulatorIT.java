package com.fleetfusion.emulator;

import java.util.Map;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fleetfusion.testsupport.ClerkEmulatorClient;
import com.fleetfusion.testsupport.ClerkEmulatorProcess;

import io.restassured.RestAssured;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

/**
 * The packaged emulator as other modules' tests run it: started by test-support's ClerkEmulatorProcess from
 * target/quarkus-app, driven by ClerkEmulatorClient, its tokens verified through discovery at its issuer URL.
 * Runs in the integration-test phase, after the jar exists.
 */
class PackagedEmulatorIT {

    private static ClerkEmulatorProcess emulator;

    @BeforeAll
    static void start() {
        emulator = ClerkEmulatorProcess.create("sk_test_packaged", Map.of("EMULATOR_TOKEN_VERSION", "1"));
        emulator.start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void thePackagedEmulatorSignsUpMintsVerifiableTokensAndGuardsItsBackendApi() throws Exception {
        ClerkEmulatorClient control = emulator.client();
        String userId = control.signUpUserId("packaged@fleetfusion.test", "Pat", "Kaged");
        RestAssured.given().baseUri(emulator.baseUrl()).auth().oauth2(emulator.secretKey())
                .contentType("application/json").body(Map.of("name", "Packaged", "slug", "packaged",
                        "created_by", userId))
                .post("/v1/organizations").then().statusCode(200);
        RestAssured.given().baseUri(emulator.baseUrl()).auth().oauth2("sk_test_fleetfusion_emulator")
                .get("/v1/users").then().statusCode(401);

        JwtClaims claims = verifier().processToClaims(control.token(userId));

        assertThat(claims.getIssuer()).isEqualTo(emulator.issuer());
        assertThat(claims.getStringClaimValue("org_slug")).isEqualTo("packaged");
        String expired = control.token(userId, null, 2, "expired");
        assertThatThrownBy(() -> verifier().processToClaims(expired)).isInstanceOf(InvalidJwtException.class);
    }

    @Test
    void theClientArmsFaultsAndReadsDeliveries() {
        ClerkEmulatorClient control = emulator.client();
        control.fault("GetUserList", 503, 1, 2L);
        RestAssured.given().baseUri(emulator.baseUrl()).auth().oauth2(emulator.secretKey()).get("/v1/users").then()
                .statusCode(503).header("Retry-After", "2");
        RestAssured.given().baseUri(emulator.baseUrl()).auth().oauth2(emulator.secretKey()).get("/v1/users").then()
                .statusCode(200);
        control.addWebhookEndpoint("http://127.0.0.1:9/unreachable", null);
        control.signUp("delivered@fleetfusion.test", "De", "Livered");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> control.deliveries().size() > 0);
        assertThat(control.deliveries().get(0).path("event_type").asText()).isEqualTo("user.created");
        assertThat(control.rotateKeys(false).path("keys").size()).isEqualTo(2);
        control.reset();
        RestAssured.given().baseUri(emulator.baseUrl()).auth().oauth2(emulator.secretKey()).get("/v1/users").then()
                .statusCode(200).body("size()", equalTo(0));
    }

    private static JwtConsumer verifier() {
        String jwksUri = RestAssured.given().baseUri(emulator.issuer()).get("/.well-known/openid-configuration")
                .then().statusCode(200).extract().path("jwks_uri");
        return new JwtConsumerBuilder().setExpectedIssuer(emulator.issuer())
                .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(new HttpsJwks(jwksUri)))
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.RSA_USING_SHA256)
                .setRequireExpirationTime().setAllowedClockSkewInSeconds(5).setRequireSubject()
                .setSkipDefaultAudienceValidation().build();
    }
}
