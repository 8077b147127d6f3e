package com.fleetfusion.gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fleetfusion.problem.ProblemType;
import com.fleetfusion.gateway.support.ForgedTokens;
import com.fleetfusion.gateway.support.Meters;
import com.fleetfusion.gateway.support.OfflineKeyGateway;
import com.fleetfusion.testsupport.SessionTokens;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * A token refused for a lasting reason is refused again with the same status and problem type, counted again by
 * reason, without another signature verification ({@code gateway_token_verifications_total} stays put); a refusal that
 * can turn into a pass later (nbf ahead) is not remembered. The JWKS cases (unknown kid, keys unavailable) are in
 * {@link JwksKeySourceTest}. A verified token that expires is refused from then on, also without another verification.
 */
@QuarkusTest
@WithTestResource(OfflineKeyGateway.class)
class RefusedTokensTest {

    private static SessionTokens.Builder valid() {
        return SessionTokens.v2("user_refused").organization("org_refused", "acme", "org:admin")
                .metadata(Map.of("onboardingComplete", true));
    }

    private static void refusedTwiceVerifiedOnce(String token, ProblemType type) {
        double verifications = Meters.verifications();
        double failures = Meters.authFailures(type.slug());
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(token).get("/api/me").then().statusCode(type.status())
                    .contentType("application/problem+json")
                    .body("type", equalTo(type.uri()))
                    .body("status", equalTo(type.status()));
        }
        assertThat(Meters.verifications()).as("full verifications").isEqualTo(verifications + 1);
        assertThat(Meters.authFailures(type.slug())).as("refusals counted by reason").isEqualTo(failures + 3);
    }

    @Test
    void lastingRefusalsAreVerifiedOnceThenAnsweredFromMemory() {
        Instant now = Instant.now();
        refusedTwiceVerifiedOnce(valid().issuedAt(now.minusSeconds(120)).expiresAt(now.minusSeconds(30)).sign(),
                ProblemType.TOKEN_EXPIRED);
        refusedTwiceVerifiedOnce(ForgedTokens.tamper(valid().sign(), "org_refused", "org_victim"),
                ProblemType.TOKEN_SIGNATURE);
        refusedTwiceVerifiedOnce(valid().issuer("https://clerk.evil.example").sign(), ProblemType.TOKEN_ISSUER);
    }

    @Test
    void tokenVerifiedEarlierIsRefusedOnceItExpiresThenNotVerifiedAgain() {
        Instant now = Instant.now();
        String shortLived = valid().issuedAt(now).expiresAt(now.plusSeconds(1)).sign();
        // the second and later uses come from the verified-token cache, which still refuses the token once it expires
        given().auth().oauth2(shortLived).get("/api/me").then().statusCode(200);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                given().auth().oauth2(shortLived).get("/api/me").then().statusCode(401)
                        .body("type", equalTo(ProblemType.TOKEN_EXPIRED.uri())));

        double verifications = Meters.verifications();
        double expired = Meters.authFailures(ProblemType.TOKEN_EXPIRED.slug());
        given().auth().oauth2(shortLived).get("/api/me").then().statusCode(401)
                .body("type", equalTo(ProblemType.TOKEN_EXPIRED.uri()));
        given().cookie("__session", shortLived).get("/api/me").then().statusCode(401)
                .body("type", equalTo(ProblemType.TOKEN_EXPIRED.uri()));
        assertThat(Meters.verifications()).as("full verifications").isEqualTo(verifications);
        assertThat(Meters.authFailures(ProblemType.TOKEN_EXPIRED.slug())).isEqualTo(expired + 2);
    }

    @Test
    void tokenNotValidYetIsNotRememberedAndPassesOnceItsNbfIsReached() {
        // nbf 10 s ahead: refused while beyond the 5 s skew, accepted ~5 s later (a remembered refusal would last 30 s)
        Instant now = Instant.now();
        String early = valid().issuedAt(now).notBefore(now.plusSeconds(10)).expiresAt(now.plusSeconds(120)).sign();
        given().auth().oauth2(early).get("/api/me").then().statusCode(401)
                .body("type", equalTo(ProblemType.TOKEN_NOT_YET_VALID.uri()));
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                given().auth().oauth2(early).get("/api/me").then().statusCode(200));
    }

    @Test
    void aValidTokenIsVerifiedOnce() {
        String token = valid().sign();
        double verifications = Meters.verifications();
        given().auth().oauth2(token).get("/api/me").then().statusCode(200);
        given().auth().oauth2(token).get("/api/me").then().statusCode(200);
        assertThat(Meters.verifications()).isEqualTo(verifications + 1);
    }
}
