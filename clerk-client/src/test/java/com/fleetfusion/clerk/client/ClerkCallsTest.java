package com.fleetfusion.clerk.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;

class ClerkCallsTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void outcomeOfAnAttempt() {
        assertThat(ClerkCalls.outcome(null, false)).isEqualTo("ok");
        assertThat(ClerkCalls.outcome(null, true)).isEqualTo("timeout");
        assertThat(ClerkCalls.outcome(new TimeoutException(), false)).isEqualTo("timeout");
        assertThat(ClerkCalls.outcome(ClerkUnavailableException.unreachable("GetUser", null), false))
                .isEqualTo("unreachable");
        assertThat(ClerkCalls.outcome(new ClerkUnavailableException("GetUser", 429, List.of(), Optional.empty(), null),
                false)).isEqualTo("429");
        assertThat(ClerkCalls.outcome(new ClerkApiException("GetUser", 404, List.of(), null), false)).isEqualTo("404");
        assertThat(ClerkCalls.outcome(new IllegalStateException(), false)).isEqualTo("error");
    }

    @Test
    void aFailureWithoutClerksAnswerBecomesUnreachable() {
        IOException reset = new IOException("Connection reset");

        assertThatThrownBy(() -> ClerkCalls.attempt("GetUser", Uni.createFrom().failure(reset)).await().atMost(WAIT))
                .isInstanceOfSatisfying(ClerkUnavailableException.class, unreachable -> {
                    assertThat(unreachable.status()).isZero();
                    assertThat(unreachable.operation()).isEqualTo("GetUser");
                    assertThat(unreachable).hasCause(reset);
                });
    }

    @Test
    void clerksOwnAnswerIsLeftAsItIs() {
        ClerkApiException notFound = new ClerkApiException("GetUser", 404, List.of(), null);

        assertThatThrownBy(() -> ClerkCalls.attempt("GetUser", Uni.createFrom().failure(notFound)).await().atMost(WAIT))
                .isSameAs(notFound);
        assertThat(ClerkCalls.attempt("GetUser", Uni.createFrom().item("user")).await().atMost(WAIT))
                .isEqualTo("user");
    }

    @Test
    void theBearerIsTheConfiguredSecretKey() {
        try (TestConfig config = TestConfig.of(Map.of("clerk.secret-key", "sk_test_unit"))) {
            assertThat(ClerkCalls.bearer()).isEqualTo("Bearer sk_test_unit");
        }
    }

    @Test
    void theAuthorizationHeaderNamesTheBearerMethod() throws NoSuchMethodException {
        String method = ClerkCalls.AUTHORIZATION.substring(1, ClerkCalls.AUTHORIZATION.length() - 1);
        int dot = method.lastIndexOf('.');

        assertThat(method.substring(0, dot)).isEqualTo(ClerkCalls.class.getName());
        assertThat(ClerkCalls.class.getMethod(method.substring(dot + 1)).getReturnType()).isEqualTo(String.class);
    }
}
