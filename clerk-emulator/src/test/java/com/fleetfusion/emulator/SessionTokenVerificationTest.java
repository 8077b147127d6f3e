package com.fleetfusion.emulator;

import java.util.List;
import java.util.Map;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

import static com.fleetfusion.emulator.Emulator.api;
import static com.fleetfusion.emulator.Emulator.control;
import static com.fleetfusion.emulator.Emulator.createOrganization;
import static com.fleetfusion.emulator.Emulator.signUp;
import static com.fleetfusion.emulator.Emulator.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The tokens the emulator mints, checked by a standard verifier (jose4j) that knows nothing but the issuer URL: it
 * reads the discovery document, fetches the JWKS from its jwks_uri, and applies Clerk's required checks
 * (docs/clerk-facts.md, "Required validations"): RS256 signature by a published key, iss, exp/nbf/iat with 5 s skew,
 * azp among the authorized parties, sts not pending.
 */
@QuarkusTest
class SessionTokenVerificationTest {

    private static final List<String> AUTHORIZED_PARTIES = List.of("http://localhost:5173");

    private String userId;
    private String orgId;

    @BeforeEach
    void aUserWithAnOrganization() {
        Emulator.reset();
        userId = signUp("ada@fleetfusion.test");
        orgId = createOrganization("Acme Fleet", "acme-fleet", userId);
        api().body(Map.of("public_metadata", Map.of("onboardingComplete", true)))
                .patch("/v1/users/" + userId + "/metadata").then().statusCode(200);
    }

    @Test
    void discoveryNamesTheEmulatorAsIssuerAndPointsAtItsJwks() {
        String base = "http://localhost:" + RestAssured.port;
        control().get("/.well-known/openid-configuration").then().statusCode(200)
                .body("issuer", org.hamcrest.Matchers.equalTo(base))
                .body("jwks_uri", org.hamcrest.Matchers.endsWith("/.well-known/jwks.json"));
        control().get("/.well-known/jwks.json").then().statusCode(200)
                .body("keys[0].kid", org.hamcrest.Matchers.startsWith(Emulator.INSTANCE_ID))
                .body("keys[0].alg", org.hamcrest.Matchers.equalTo("RS256"))
                .body("keys[0].kty", org.hamcrest.Matchers.equalTo("RSA"))
                .body("keys[0].use", org.hamcrest.Matchers.equalTo("sig"));
    }

    @Test
    void aV2TokenIsAcceptedAndCarriesTheSessionTheOrganizationAndTheMetadata() throws Exception {
        String jwt = token(Map.of("user_id", userId, "version", 2));

        JwtClaims claims = verifier().processToClaims(jwt);

        assertThat(claims.getSubject()).isEqualTo(userId);
        assertThat(claims.getStringClaimValue("sid")).startsWith("sess_");
        assertThat(claims.getStringClaimValue("azp")).isEqualTo("http://localhost:5173");
        assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue()).isEqualTo(60);
        assertThat(claims.getIssuedAt().getValue() - claims.getNotBefore().getValue()).isEqualTo(5);
        assertThat(claims.getClaimValue("v", Long.class)).isEqualTo(2L);
        assertThat(claims.getStringClaimValue("sts")).isEqualTo("active");
        assertThat(claims.getStringClaimValue("jti")).isNotBlank();
        @SuppressWarnings("unchecked")
        Map<String, Object> o = (Map<String, Object>) claims.getClaimValue("o");
        assertThat(o).containsEntry("id", orgId).containsEntry("slg", "acme-fleet").containsEntry("rol", "admin");
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = (Map<String, Object>) claims.getClaimValue("metadata");
        assertThat(metadata).containsEntry("onboardingComplete", true);
        assertThat(JsonWebStructure.fromCompactSerialization(jwt).getKeyIdHeaderValue())
                .startsWith(Emulator.INSTANCE_ID);
    }

    @Test
    void aV1TokenCarriesFlatOrganizationClaimsAndNoVersionClaim() throws Exception {
        String jwt = token(Map.of("user_id", userId, "version", 1, "permissions", List.of("org:fleet:read")));

        JwtClaims claims = verifier().processToClaims(jwt);

        assertThat(claims.hasClaim("v")).isFalse();
        assertThat(claims.getStringClaimValue("org_id")).isEqualTo(orgId);
        assertThat(claims.getStringClaimValue("org_role")).isEqualTo("org:admin");
        assertThat(claims.getStringClaimValue("org_slug")).isEqualTo("acme-fleet");
        assertThat(claims.getStringListClaimValue("org_permissions")).containsExactly("org:fleet:read");
    }

    @Test
    void v2PermissionsAreEncodedAsFeaturesNamesAndBitmasks() throws Exception {
        String jwt = token(Map.of("user_id", userId, "version", 2,
                "permissions", List.of("org:fleet:read", "org:fleet:manage", "org:teams:read")));

        JwtClaims claims = verifier().processToClaims(jwt);

        assertThat(claims.getStringClaimValue("fea")).isEqualTo("o:fleet,o:teams");
        @SuppressWarnings("unchecked")
        Map<String, Object> o = (Map<String, Object>) claims.getClaimValue("o");
        assertThat(o).containsEntry("per", "read,manage").containsEntry("fpm", "3,1");
    }

    @Test
    void aUserWithoutOrganizationGetsATokenWithoutOrganizationClaims() throws Exception {
        String loner = signUp("loner@fleetfusion.test");

        JwtClaims claims = verifier().processToClaims(token(Map.of("user_id", loner)));

        assertThat(claims.hasClaim("o")).isFalse();
        assertThat(claims.hasClaim("org_id")).isFalse();
        assertThat(claims.getClaimValue("metadata")).isEqualTo(Map.of());
    }

    @Test
    void theActiveOrganizationCanBeChosenAndMustBeTheUsers() throws Exception {
        String other = createOrganization("Other Fleet", "other-fleet", userId);
        String first = token(Map.of("user_id", userId, "organization_id", orgId));

        @SuppressWarnings("unchecked")
        Map<String, Object> o = (Map<String, Object>) verifier().processToClaims(first).getClaimValue("o");
        assertThat(o).containsEntry("id", orgId);
        @SuppressWarnings("unchecked")
        Map<String, Object> latest = (Map<String, Object>) verifier().processToClaims(token(Map.of("user_id", userId)))
                .getClaimValue("o");
        assertThat(latest).containsEntry("id", other);

        String stranger = signUp("stranger@fleetfusion.test");
        control().body(Map.of("user_id", stranger, "organization_id", orgId)).post("/__emulator/tokens").then()
                .statusCode(422).contentType("application/problem+json");
    }

    @ParameterizedTest
    @ValueSource(strings = { "expired", "nbf_future", "iat_future", "wrong_azp", "unknown_key", "pending" })
    void aDeliberatelyBadTokenIsRefused(String defect) throws Exception {
        JwtConsumer verifier = verifier();
        String good = token(Map.of("user_id", userId));
        String bad = token(Map.of("user_id", userId, "defect", defect));

        verifier.processToClaims(good);
        assertThatThrownBy(() -> verifier.processToClaims(bad)).isInstanceOf(InvalidJwtException.class);
    }

    @Test
    void aRotatedKeyIsPublishedBesideTheOldOneUntilTheOldOneIsRetired() throws Exception {
        String beforeRotation = token(Map.of("user_id", userId));

        control().body(Map.of("retire_old", false)).post("/__emulator/keys/rotate").then().statusCode(200)
                .body("keys.size()", org.hamcrest.Matchers.equalTo(2));
        String afterRotation = token(Map.of("user_id", userId));
        verifier().processToClaims(beforeRotation);
        verifier().processToClaims(afterRotation);
        assertThat(JsonWebStructure.fromCompactSerialization(afterRotation).getKeyIdHeaderValue())
                .isNotEqualTo(JsonWebStructure.fromCompactSerialization(beforeRotation).getKeyIdHeaderValue());

        control().body(Map.of("retire_old", true)).post("/__emulator/keys/rotate").then().statusCode(200)
                .body("keys.size()", org.hamcrest.Matchers.equalTo(1));
        String current = token(Map.of("user_id", userId));
        verifier().processToClaims(current);
        assertThatThrownBy(() -> verifier().processToClaims(beforeRotation)).isInstanceOf(InvalidJwtException.class);
        assertThatThrownBy(() -> verifier().processToClaims(afterRotation)).isInstanceOf(InvalidJwtException.class);
    }

    @Test
    void theBackendApiServesTheSameKeysBehindTheSecretKey() {
        String frontend = control().get("/.well-known/jwks.json").then().statusCode(200).extract().asString();
        String backend = api().get("/v1/jwks").then().statusCode(200).extract().asString();
        assertThat(backend).isEqualTo(frontend);
        control().get("/v1/jwks").then().statusCode(401);
    }

    /** A verifier configured with nothing but the issuer URL, doing the checks Clerk's docs require. */
    static JwtConsumer verifier() {
        String issuer = "http://localhost:" + RestAssured.port;
        String jwksUri = RestAssured.given().baseUri(issuer).get("/.well-known/openid-configuration").then()
                .statusCode(200).extract().path("jwks_uri");
        return new JwtConsumerBuilder()
                .setExpectedIssuer(issuer)
                .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(new HttpsJwks(jwksUri)))
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.RSA_USING_SHA256)
                .setRequireExpirationTime()
                .setRequireNotBefore()
                .setRequireIssuedAt()
                .setIssuedAtRestrictions(5, 3600)
                .setAllowedClockSkewInSeconds(5)
                .setRequireSubject()
                .setSkipDefaultAudienceValidation()
                .registerValidator((org.jose4j.jwt.consumer.Validator) context -> {
                    JwtClaims claims = context.getJwtClaims();
                    String azp = claims.getClaimValueAsString("azp");
                    if (azp != null && !AUTHORIZED_PARTIES.contains(azp)) {
                        return "azp " + azp + " is not an authorized party";
                    }
                    if ("pending".equals(claims.getClaimValueAsString("sts"))) {
                        return "the session is pending";
                    }
                    return null;
                })
                .build();
    }
}
