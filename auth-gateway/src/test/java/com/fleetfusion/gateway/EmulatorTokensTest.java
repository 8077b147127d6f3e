package com.fleetfusion.gateway;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyFactory;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fleetfusion.problem.ProblemType;
import com.fleetfusion.gateway.support.EmulatorGateway;
import com.fleetfusion.gateway.support.ForgedTokens;
import com.fleetfusion.testsupport.ClerkEmulatorClient;
import com.fleetfusion.testsupport.ClerkEmulatorProcess;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

/**
 * Tokens from the real clerk-emulator (keys by OIDC discovery): both claim versions, each of the emulator's defects,
 * forgeries made from its tokens and its public key, and a key rotation the gateway follows without restart.
 */
@QuarkusTest
@WithTestResource(EmulatorGateway.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmulatorTokensTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static ClerkEmulatorClient emulator;
    private static String userId;
    private static String orgId;

    @BeforeAll
    static void onboardedUserWithAnOrganization() throws Exception {
        emulator = ClerkEmulatorProcess.shared().client();
        userId = emulator.signUpUserId("gw-" + UUID.randomUUID() + "@example.com", "Gate", "Way");
        orgId = backendApi("POST", "/v1/organizations", Map.of("name", "Acme Fleet", "created_by", userId))
                .get("id").asText();
        backendApi("PATCH", "/v1/users/" + userId + "/metadata",
                Map.of("public_metadata", Map.of("onboardingComplete", true)));
    }

    private static JsonNode backendApi(String method, String path, Object body) throws Exception {
        ClerkEmulatorProcess process = ClerkEmulatorProcess.shared();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(process.baseUrl() + path))
                .header("Authorization", "Bearer " + process.secretKey())
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static String token(int version, String defect) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("user_id", userId);
        request.put("organization_id", orgId);
        request.put("version", version);
        request.put("permissions", List.of("org:fleet:read", "org:fleet:manage"));
        if (defect != null) {
            request.put("defect", defect);
        }
        return emulator.token(request);
    }

    private static void refused(String token, ProblemType type) {
        given().auth().oauth2(token).get("/api/me").then().statusCode(type.status())
                .contentType("application/problem+json").body("type", equalTo(type.uri()));
    }

    @Test
    @Order(1)
    void keyRotationAtTheEmulatorNeedsNoRestart() {
        given().auth().oauth2(token(2, null)).get("/api/me").then().statusCode(200);
        emulator.rotateKeys(true);
        given().auth().oauth2(token(2, null)).get("/api/me").then().statusCode(200).body("path", equalTo("/me"));
    }

    @Test
    void v1TokenGivesTheSession() {
        given().auth().oauth2(token(1, null)).get("/api/session").then().statusCode(200)
                .body("signedIn", equalTo(true)).body("userId", equalTo(userId)).body("orgId", equalTo(orgId))
                .body("orgRole", equalTo("org:admin"))
                .body("permissions", contains("org:fleet:read", "org:fleet:manage"))
                .body("onboardingComplete", equalTo(true))
                .body("next", equalTo("/" + orgId + "/dashboard/" + userId));
    }

    @Test
    void v2TokenGivesTheSameSession() {
        given().cookie("__session", token(2, null)).get("/api/session").then().statusCode(200)
                .body("userId", equalTo(userId)).body("orgId", equalTo(orgId))
                .body("orgRole", equalTo("org:admin"))
                .body("permissions", contains("org:fleet:read", "org:fleet:manage"))
                .body("next", equalTo("/" + orgId + "/dashboard/" + userId));
    }

    @Test
    void v2TokenIsRoutedToItsOrganizationOnly() {
        given().auth().oauth2(token(2, null)).get("/api/orgs/" + orgId + "/users").then().statusCode(200)
                .body("path", equalTo("/orgs/" + orgId + "/users"));
        given().auth().oauth2(token(2, null)).get("/api/orgs/org_someoneelse/users").then().statusCode(403)
                .body("type", equalTo(ProblemType.ORGANIZATION_MISMATCH.uri()));
    }

    @Test
    void emulatorDefectsAreRefusedEachForItsReason() {
        refused(token(2, "expired"), ProblemType.TOKEN_EXPIRED);
        refused(token(2, "nbf_future"), ProblemType.TOKEN_NOT_YET_VALID);
        refused(token(2, "iat_future"), ProblemType.TOKEN_ISSUED_IN_FUTURE);
        refused(token(2, "wrong_azp"), ProblemType.TOKEN_AUTHORIZED_PARTY);
        // the emulator's unknown_key signs with a foreign key under its current kid: the signature cannot verify
        refused(token(2, "unknown_key"), ProblemType.TOKEN_SIGNATURE);
        refused(token(2, "pending"), ProblemType.SESSION_PENDING);
        refused(token(1, "expired"), ProblemType.TOKEN_EXPIRED);
    }

    @Test
    void forgeriesOfEmulatorTokensAreRefused() throws Exception {
        String genuine = token(1, null);
        refused(ForgedTokens.algNone(genuine), ProblemType.TOKEN_ALGORITHM);
        refused(ForgedTokens.tamper(genuine, orgId, "org_victim"), ProblemType.TOKEN_SIGNATURE);
        refused(ForgedTokens.hs256(genuine, emulatorPublicKeyPem()), ProblemType.TOKEN_ALGORITHM);
    }

    /** The emulator's current signing key as PEM, what an attacker would use as an HMAC secret. */
    private static String emulatorPublicKeyPem() throws Exception {
        JsonNode key = emulator.jwks().get("keys").get(0);
        Base64.Decoder b64 = Base64.getUrlDecoder();
        var publicKey = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, b64.decode(key.get("n").asText())), new BigInteger(1, b64.decode(key.get("e").asText()))));
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(
                publicKey.getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }
}
