package com.fleetfusion.session;

import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fleetfusion.testsupport.JwksServer;
import com.fleetfusion.testsupport.SessionTokens;

import io.vertx.core.Vertx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The JWKS key source against a rotating test issuer: the periodic re-read, a withdrawn key, failed reads, readiness,
 * discovery and the rate-limited refetch for an unknown kid.
 */
class ClerkKeysRefreshTest {

    private static final Duration PERIOD = Duration.ofMillis(500);

    private final Vertx vertx = Vertx.vertx();
    private final JwksServer jwks = new JwksServer();
    private ClerkKeys keys;

    @AfterEach
    void stop() {
        keys.stop();
        jwks.stop();
        vertx.close();
    }

    private ClerkSessionVerifier start(ClerkSessionConfig config) {
        keys = new ClerkKeys(config, vertx);
        keys.start();
        return new ClerkSessionVerifier(keys, config);
    }

    private static SessionRefusal refusal(ClerkSessionVerifier verifier, String token) {
        try {
            verifier.verify(new SessionToken(token, false)).await().atMost(Duration.ofSeconds(10));
            return null;
        } catch (SessionRefusedException refused) {
            return refused.refusal();
        }
    }

    @Test
    void keyWithdrawnAtClerkStopsVerifyingWithinTheRefreshInterval() {
        KeyPair next = SessionTokens.otherKeyPair();
        jwks.publish(SessionTokens.KEY_ID, (RSAPublicKey) SessionTokens.publicKey());
        jwks.start();
        // a long unknown-kid limit: only the periodic read can notice the withdrawal
        ClerkSessionVerifier verifier = start(TestConfig.jwksUrl(jwks.jwksUrl(), PERIOD, Duration.ofHours(1)));
        String old = SessionTokens.v1("user_1").sign();
        await().atMost(Duration.ofSeconds(10)).until(() -> refusal(verifier, old) == null);
        AtomicInteger withdrawals = new AtomicInteger();
        keys.onWithdrawal(withdrawals::incrementAndGet);

        jwks.publish("ins_next", (RSAPublicKey) next.getPublic());
        jwks.withdraw(SessionTokens.KEY_ID);

        await().atMost(Duration.ofSeconds(10)).until(() -> refusal(verifier, old) == SessionRefusal.TOKEN_UNKNOWN_KEY);
        assertThat(refusal(verifier, SessionTokens.v1("user_1").signWith(next.getPrivate(), "ins_next").sign()))
                .as("the rotated key verifies").isNull();
        assertThat(withdrawals).as("caches of verified tokens told").hasPositiveValue();
    }

    @Test
    void failedReadsKeepTheLastGoodKeysAndReadinessFallsAfterThreeInARow() {
        jwks.publish(SessionTokens.KEY_ID, (RSAPublicKey) SessionTokens.publicKey());
        jwks.start();
        ClerkSessionVerifier verifier = start(TestConfig.jwksUrl(jwks.jwksUrl(), PERIOD, Duration.ofHours(1)));
        await().atMost(Duration.ofSeconds(10)).until(keys::healthy);

        jwks.failing(true);
        int before = jwks.fetches();
        await().atMost(Duration.ofSeconds(10)).until(() -> keys.consecutiveFailures() >= 1);
        assertThat(keys.healthy()).as("one failure is not yet a reason to stop routing").isTrue();
        assertThat(refusal(verifier, SessionTokens.v1("user_1").sign())).as("last good keys").isNull();

        await().atMost(Duration.ofSeconds(10)).until(() -> keys.consecutiveFailures() >= 3);
        assertThat(keys.healthy()).isFalse();
        assertThat(jwks.fetches() - before).isGreaterThanOrEqualTo(3);
        assertThat(new ClerkKeysReadiness(keys, TestConfig.jwksUrl(jwks.jwksUrl(), PERIOD, PERIOD)).call().getStatus())
                .hasToString("DOWN");
        assertThat(refusal(verifier, SessionTokens.v1("user_1").sign())).as("still the last good keys").isNull();

        jwks.failing(false);
        await().atMost(Duration.ofSeconds(10)).until(keys::healthy);
        assertThat(keys.consecutiveFailures()).isZero();
    }

    @Test
    void unknownKidRefetchesAtOnceThenAtMostOncePerInterval() {
        KeyPair rotated = SessionTokens.otherKeyPair();
        jwks.publish(SessionTokens.KEY_ID, (RSAPublicKey) SessionTokens.publicKey());
        jwks.start();
        ClerkSessionVerifier verifier = start(TestConfig.jwksUrl(jwks.jwksUrl(), Duration.ofHours(1),
                Duration.ofHours(1)));
        await().atMost(Duration.ofSeconds(10)).until(keys::loaded);

        int before = jwks.fetches();
        jwks.publish("ins_rotated", (RSAPublicKey) rotated.getPublic());
        assertThat(refusal(verifier, SessionTokens.v1("user_1").signWith(rotated.getPrivate(), "ins_rotated").sign()))
                .as("picked up by the refetch").isNull();
        assertThat(jwks.fetches()).isEqualTo(before + 1);

        for (int i = 0; i < 5; i++) {
            assertThat(refusal(verifier, SessionTokens.v1("user_1")
                    .signWith(SessionTokens.otherKeyPair().getPrivate(), "ins_forged_" + i).sign()))
                    .isEqualTo(SessionRefusal.TOKEN_UNKNOWN_KEY);
        }
        assertThat(jwks.fetches()).as("no refetch within the interval").isEqualTo(before + 1);
    }

    @Test
    void keysComeThroughDiscoveryWhenNoJwksUrlIsGiven() {
        jwks.publish(SessionTokens.KEY_ID, (RSAPublicKey) SessionTokens.publicKey());
        jwks.start();
        ClerkSessionVerifier verifier = start(new TestConfig(jwks.issuer(), Optional.empty(), Optional.empty(),
                Duration.ofHours(1), Duration.ofHours(1)));
        await().atMost(Duration.ofSeconds(10)).until(keys::loaded);
        assertThat(keys.source()).isEqualTo("discovery");
        assertThat(keys.jwksUri()).hasToString(jwks.jwksUrl());
        assertThat(refusal(verifier, SessionTokens.v1("user_1").issuer(jwks.issuer()).sign())).isNull();
    }

    @Test
    void beforeAnyKeyIsReadTokensAreRefusedAsKeysUnavailable() {
        ClerkSessionVerifier verifier = start(TestConfig.jwksUrl(jwks.jwksUrl(), Duration.ofHours(1),
                Duration.ofHours(1)));
        assertThat(refusal(verifier, SessionTokens.v1("user_1").sign())).isEqualTo(SessionRefusal.KEYS_UNAVAILABLE);
        assertThat(keys.healthy()).isFalse();

        jwks.publish(SessionTokens.KEY_ID, (RSAPublicKey) SessionTokens.publicKey());
        jwks.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> refusal(verifier, SessionTokens.v1("user_1").sign()) == null);
        assertThat(keys.healthy()).isTrue();
        assertThatThrownBy(() -> ClerkKeys.pemPublicKey("not a key")).isInstanceOf(IllegalArgumentException.class);
    }
}
