package com.fleetfusion.gateway;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fleetfusion.problem.ProblemType;
import com.fleetfusion.gateway.support.EchoUpstream;
import com.fleetfusion.gateway.support.ForgedTokens;
import com.fleetfusion.gateway.support.OfflineKeyGateway;
import com.fleetfusion.testsupport.SessionRefusalContract;
import com.fleetfusion.testsupport.SessionTokens;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Tokens an attacker could present, each refused with 401 and its own problem type before any upstream is called.
 * The gateway verifies with the test PEM key here; the JWKS-backed cases (unknown kid, rotation) and the emulator's
 * tokens have their own tests.
 */
@QuarkusTest
@WithTestResource(OfflineKeyGateway.class)
class AttackMatrixTest {

    private static final Map<String, Object> ONBOARDED = Map.of("onboardingComplete", true);

    private static SessionTokens.Builder valid() {
        return SessionTokens.v1("user_attack").organization("org_attack", "acme", "org:admin").metadata(ONBOARDED);
    }

    private static void refused(RequestSpecification request, ProblemType type) {
        int before = EchoUpstream.shared().received();
        request.get("/api/me").then().statusCode(type.status())
                .contentType("application/problem+json")
                .body("type", equalTo(type.uri()))
                .body("status", equalTo(type.status()));
        assertThat(EchoUpstream.shared().received()).as("upstream calls").isEqualTo(before);
        assertThat(ProblemType.answeredBy(ProblemType.Service.AUTH_GATEWAY)).as("the catalogue's gateway types")
                .contains(type);
    }

    private static void refused(String token, ProblemType type) {
        refused(given().auth().oauth2(token), type);
    }

    @Test
    void validTokenPasses() {
        given().auth().oauth2(valid().sign()).get("/api/me").then().statusCode(200).body("path", equalTo("/me"));
    }

    @Test
    void noTokenIsRefused() {
        refused(given(), ProblemType.TOKEN_MISSING);
    }

    @Test
    void garbageIsRefusedAsMalformed() {
        refused("not-a-jwt", ProblemType.TOKEN_MALFORMED);
        refused("a.b.c", ProblemType.TOKEN_MALFORMED);
    }

    @Test
    void algNoneIsRefused() {
        refused(ForgedTokens.algNone(valid().sign()), ProblemType.TOKEN_ALGORITHM);
    }

    @Test
    void hs256SignedWithThePublicKeyAsSecretIsRefused() {
        refused(ForgedTokens.hs256(valid().sign(), SessionTokens.publicKeyPem()), ProblemType.TOKEN_ALGORITHM);
        refused(ForgedTokens.hs256(valid().sign(), SessionTokens.publicKeyBase64Der()), ProblemType.TOKEN_ALGORITHM);
    }

    @Test
    void keyOfAnotherIssuerIsRefused() {
        String token = valid().issuer("https://clerk.other.example")
                .signWith(SessionTokens.otherKeyPair().getPrivate(), "ins_other").sign();
        refused(token, ProblemType.TOKEN_SIGNATURE);
    }

    @Test
    void unknownKeyWithOurKidIsRefused() {
        refused(valid().signWith(SessionTokens.otherKeyPair().getPrivate(), SessionTokens.KEY_ID).sign(),
                ProblemType.TOKEN_SIGNATURE);
    }

    @Test
    void tamperedPayloadIsRefused() {
        refused(ForgedTokens.tamper(valid().sign(), "org_attack", "org_victim"), ProblemType.TOKEN_SIGNATURE);
    }

    @Test
    void expiredTokenIsRefused() {
        Instant now = Instant.now();
        refused(valid().issuedAt(now.minusSeconds(120)).expiresAt(now.minusSeconds(30)).sign(),
                ProblemType.TOKEN_EXPIRED);
    }

    @Test
    void expiryWithinTheFiveSecondSkewIsAccepted() {
        Instant now = Instant.now();
        given().auth().oauth2(valid().issuedAt(now.minusSeconds(60)).expiresAt(now.minusSeconds(2)).sign())
                .get("/api/me").then().statusCode(200);
    }

    @Test
    void notBeforeInTheFutureIsRefused() {
        refused(valid().notBefore(Instant.now().plusSeconds(60)).sign(), ProblemType.TOKEN_NOT_YET_VALID);
    }

    @Test
    void issuedAtInTheFutureIsRefused() {
        Instant now = Instant.now();
        refused(valid().issuedAt(now.plusSeconds(60)).notBefore(now.minusSeconds(5)).expiresAt(now.plusSeconds(120))
                .sign(), ProblemType.TOKEN_ISSUED_IN_FUTURE);
    }

    @Test
    void wrongIssuerIsRefused() {
        refused(valid().issuer("https://clerk.evil.example").sign(), ProblemType.TOKEN_ISSUER);
    }

    @Test
    void wrongAuthorizedPartyIsRefused() {
        refused(valid().authorizedParty("https://evil.example").sign(), ProblemType.TOKEN_AUTHORIZED_PARTY);
    }

    @Test
    void cookieBorneTokenWithoutAuthorizedPartyIsRefused() {
        refused(given().cookie("__session", valid().authorizedParty(null).sign()),
                ProblemType.TOKEN_AUTHORIZED_PARTY);
    }

    @Test
    void bearerTokenWithoutAuthorizedPartyIsRefusedLikeACookieBorneOne() {
        // one azp rule for every reader of a session (clerk-session's SessionRules): present and authorized
        refused(valid().authorizedParty(null).sign(), ProblemType.TOKEN_AUTHORIZED_PARTY);
    }

    @Test
    void refusalsAreTheSameAsInEveryServiceThatReadsASession() {
        SessionRefusalContract.assertRefusedAlike("user_attack", "org_attack",
                token -> given().auth().oauth2(token).get("/api/me"));
    }

    @Test
    void missingSubjectIsRefused() {
        refused(valid().claim("sub", null).sign(), ProblemType.TOKEN_SUBJECT_MISSING);
    }

    @Test
    void pendingSessionIsRefused() {
        refused(SessionTokens.v2("user_attack").organization("org_attack", "acme", "org:admin").metadata(ONBOARDED)
                .claim("sts", "pending").sign(), ProblemType.SESSION_PENDING);
    }

    @Test
    void otherOrganizationInThePathIsForbiddenBeforeAnyUpstreamCall() {
        int before = EchoUpstream.shared().received();
        given().auth().oauth2(valid().sign()).get("/api/orgs/org_victim/users")
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo(ProblemType.ORGANIZATION_MISMATCH.uri()));
        given().auth().oauth2(valid().sign()).post("/api/orgs/org_victim/users")
                .then().statusCode(403).body("type", equalTo(ProblemType.ORGANIZATION_MISMATCH.uri()));
        assertThat(EchoUpstream.shared().received()).isEqualTo(before);
    }

    @Test
    void rememberedTokenIsStillHeldToItsOrganizationAndToTheAzpRule() {
        // the second and later uses of a token come from the verified-token cache: every rule still applies
        String token = valid().sign();
        given().auth().oauth2(token).get("/api/orgs/org_attack/users").then().statusCode(200);
        int before = EchoUpstream.shared().received();
        given().auth().oauth2(token).get("/api/orgs/org_victim/users").then().statusCode(403)
                .body("type", equalTo(ProblemType.ORGANIZATION_MISMATCH.uri()));
        String withoutAzp = valid().authorizedParty(null).sign();
        refused(withoutAzp, ProblemType.TOKEN_AUTHORIZED_PARTY);
        refused(withoutAzp, ProblemType.TOKEN_AUTHORIZED_PARTY);
        refused(given().cookie("__session", withoutAzp), ProblemType.TOKEN_AUTHORIZED_PARTY);
        assertThat(EchoUpstream.shared().received()).isEqualTo(before);
    }

    @Test
    void rememberedPendingSessionIsRefusedEveryTime() {
        String pending = SessionTokens.v2("user_attack").organization("org_attack", "acme", "org:admin")
                .metadata(ONBOARDED).claim("sts", "pending").sign();
        refused(pending, ProblemType.SESSION_PENDING);
        refused(pending, ProblemType.SESSION_PENDING);
    }

    @Test
    void dotSegmentsCannotReachAnotherOrganization() {
        int before = EchoUpstream.shared().received();
        given().auth().oauth2(valid().sign()).urlEncodingEnabled(false)
                .get("/api/orgs/org_attack/../org_victim/users").then().statusCode(400)
                .body("type", equalTo(ProblemType.BAD_PATH.uri()));
        given().auth().oauth2(valid().sign()).urlEncodingEnabled(false)
                .get("/api/orgs/org_attack%2F..%2Forg_victim/users").then().statusCode(400);
        assertThat(EchoUpstream.shared().received()).isEqualTo(before);
    }

    @Test
    void forgedIdentityHeadersNeverReachTheUpstream() {
        given().auth().oauth2(valid().sign())
                .header("X-User-Id", "user_admin").header("X-Org-Id", "org_victim")
                .header("X-Forwarded-User", "admin").header("X-Clerk-User-Id", "user_admin")
                .header("X-Auth-Request-User", "admin").header("Remote-User", "admin")
                .header("X-Custom", "kept")
                .get("/api/orgs/org_attack/users").then().statusCode(200)
                .body("headers.x-user-id", org.hamcrest.Matchers.nullValue())
                .body("headers.x-org-id", org.hamcrest.Matchers.nullValue())
                .body("headers.x-forwarded-user", org.hamcrest.Matchers.nullValue())
                .body("headers.x-clerk-user-id", org.hamcrest.Matchers.nullValue())
                .body("headers.x-auth-request-user", org.hamcrest.Matchers.nullValue())
                .body("headers.remote-user", org.hamcrest.Matchers.nullValue())
                .body("headers.x-custom", equalTo("kept"));
    }

    @Test
    void refusalsAreCountedByReason() {
        refused(valid().issuer("https://clerk.evil.example").sign(), ProblemType.TOKEN_ISSUER);
        given().accept("text/plain").get("/q/metrics").then().statusCode(200)
                .body(containsString("gateway_auth_failures_total{reason=\"token-issuer\""));
    }
}
