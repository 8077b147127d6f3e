package com.fleetfusion.session;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.fleetfusion.testsupport.SessionTokens;

import io.vertx.core.Vertx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The whole rule set through the one verifier, with the PEM key source (no network): what passes, and the refusal
 * each defect gets. The same verifier runs in every service; their own tests only prove it is wired.
 */
class ClerkSessionVerifierTest {

    private static final Vertx VERTX = Vertx.vertx();
    private static final ClerkSessionVerifier VERIFIER = new ClerkSessionVerifier(
            new ClerkKeys(TestConfig.pem(), VERTX), TestConfig.pem());

    @AfterAll
    static void closeVertx() {
        VERTX.close();
    }

    private static SessionContext verify(String token) {
        return VERIFIER.verify(new SessionToken(token, false)).await().indefinitely();
    }

    private static void refused(String token, SessionRefusal refusal) {
        for (boolean cookie : new boolean[] { false, true }) {
            assertThatThrownBy(() -> VERIFIER.verify(new SessionToken(token, cookie)).await().indefinitely())
                    .isInstanceOf(SessionRefusedException.class)
                    .satisfies(e -> assertThat(((SessionRefusedException) e).refusal()).as(token).isEqualTo(refusal))
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token));
        }
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void v1AndV2TokensGiveTheSameSession() {
        SessionContext v1 = verify(SessionTokens.v1("user_1").organization("org_1", "acme", "org:admin")
                .metadata(Map.of("onboardingComplete", true)).sign());
        SessionContext v2 = verify(SessionTokens.v2("user_1").organization("org_1", "acme", "org:admin")
                .metadata(Map.of("onboardingComplete", true)).sign());
        assertThat(v1.userId()).isEqualTo("user_1").isEqualTo(v2.userId());
        assertThat(v1.orgId()).isEqualTo("org_1").isEqualTo(v2.orgId());
        assertThat(v1.orgRole()).isEqualTo("org:admin").isEqualTo(v2.orgRole());
        assertThat(v1.onboardingComplete()).isTrue();
        assertThat(v2.onboardingComplete()).isTrue();
        assertThat(v1.claimsVersion()).isEqualTo(1);
        assertThat(v2.claimsVersion()).isEqualTo(2);
    }

    @Test
    void v2TokenIsReadFromItsCompactClaimOnly() {
        // a flat org_id beside v2's o claim is not read: the version decides, no fallback
        SessionContext session = verify(SessionTokens.v2("user_1").organization("org_o", "acme", "org:admin")
                .claim("org_id", "org_flat").sign());
        assertThat(session.orgId()).isEqualTo("org_o");
    }

    @Test
    void onlyRs256IsAccepted() {
        String payload = b64("{\"sub\":\"user_1\",\"iss\":\"" + SessionTokens.ISSUER + "\",\"exp\":"
                + (Instant.now().getEpochSecond() + 60) + ",\"azp\":\"" + SessionTokens.AUTHORIZED_PARTY + "\"}");
        refused(b64("{\"alg\":\"none\"}") + "." + payload + ".", SessionRefusal.TOKEN_ALGORITHM);
        refused(b64("{\"alg\":\"HS256\",\"kid\":\"" + SessionTokens.KEY_ID + "\"}") + "." + payload + ".c2ln",
                SessionRefusal.TOKEN_ALGORITHM);
    }

    @Test
    void malformedTokensAreRefusedAsMalformed() {
        refused("not-a-jwt", SessionRefusal.TOKEN_MALFORMED);
        refused("a.b", SessionRefusal.TOKEN_MALFORMED);
        refused(b64("{\"alg\":\"RS256\"}") + "." + b64("[1]") + ".c2ln", SessionRefusal.TOKEN_SIGNATURE);
    }

    @Test
    void tokenOfAnotherKeyIsRefusedOnItsSignature() {
        refused(SessionTokens.v1("user_1").signWith(SessionTokens.otherKeyPair().getPrivate(), SessionTokens.KEY_ID)
                .sign(), SessionRefusal.TOKEN_SIGNATURE);
    }

    @Test
    void expAndNbfAllowFiveSecondsOfSkew() {
        Instant now = Instant.now();
        verify(SessionTokens.v1("user_1").issuedAt(now.minusSeconds(62)).expiresAt(now.minusSeconds(2)).sign());
        refused(SessionTokens.v1("user_1").issuedAt(now.minusSeconds(70)).expiresAt(now.minusSeconds(10)).sign(),
                SessionRefusal.TOKEN_EXPIRED);
        verify(SessionTokens.v1("user_1").notBefore(now.plusSeconds(2)).sign());
        refused(SessionTokens.v1("user_1").notBefore(now.plusSeconds(60)).sign(), SessionRefusal.TOKEN_NOT_YET_VALID);
    }

    @Test
    void iatInTheFutureIsRefused() {
        Instant now = Instant.now();
        refused(SessionTokens.v1("user_1").issuedAt(now.plusSeconds(60)).notBefore(now.minusSeconds(5))
                .expiresAt(now.plusSeconds(120)).sign(), SessionRefusal.TOKEN_ISSUED_IN_FUTURE);
    }

    @Test
    void anotherIssuerIsRefused() {
        refused(SessionTokens.v1("user_1").issuer("https://evil.example").sign(), SessionRefusal.TOKEN_ISSUER);
    }

    @Test
    void azpMustBePresentAndAuthorizedWhateverTheTransport() {
        refused(SessionTokens.v1("user_1").authorizedParty(null).sign(), SessionRefusal.TOKEN_AUTHORIZED_PARTY);
        refused(SessionTokens.v1("user_1").authorizedParty("https://evil.example").sign(),
                SessionRefusal.TOKEN_AUTHORIZED_PARTY);
    }

    @Test
    void pendingSessionIsRefused() {
        refused(SessionTokens.v2("user_1").claim("sts", "pending").sign(), SessionRefusal.SESSION_PENDING);
    }

    @Test
    void tokenWithoutSubjectIsRefused() {
        refused(SessionTokens.v1("user_1").claim("sub", null).sign(), SessionRefusal.TOKEN_SUBJECT_MISSING);
    }
}
