package com.fleetfusion.session;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.fleetfusion.testsupport.SessionTokens;

/** {@link ClerkSessionConfig} as a test sets it: the test issuer and SPA origin, one key source. */
record TestConfig(String issuer, Optional<String> jwksUrl, Optional<String> jwtKey, Duration jwksRefreshInterval,
        Duration unknownKidRefetchInterval) implements ClerkSessionConfig {

    static TestConfig pem() {
        return new TestConfig(SessionTokens.ISSUER, Optional.empty(), Optional.of(SessionTokens.publicKeyPem()),
                Duration.ofMinutes(5), Duration.ofMinutes(1));
    }

    static TestConfig jwksUrl(String url, Duration refresh, Duration unknownKid) {
        return new TestConfig(SessionTokens.ISSUER, Optional.of(url), Optional.empty(), refresh, unknownKid);
    }

    @Override
    public List<String> authorizedParties() {
        return List.of(SessionTokens.AUTHORIZED_PARTY);
    }

    @Override
    public Duration clockSkew() {
        return Duration.ofSeconds(5);
    }

    @Override
    public int jwksFailuresBeforeUnready() {
        return 3;
    }

    @Override
    public Duration connectionTimeout() {
        return Duration.ofSeconds(2);
    }
}
