package com.fleetfusion.session;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Clerk's rules on a verified token, each alone, and which one names a refusal when several are broken. */
class SessionRulesTest {

    private static final long NOW = 1_800_000_000L;
    private static final String SPA = "https://app.example.com";
    private static final SessionRules RULES = new SessionRules(List.of(" " + SPA + " ", ""), Duration.ofSeconds(5));
    private static final SessionContext CONTEXT = new SessionContext("user_1", "sess_1", "org_1", "acme", "org:admin",
            List.of(), true, 2);

    private static VerifiedSession session(long exp, Long iat, String azp, boolean subject, boolean pending) {
        return new VerifiedSession(exp, iat != null, iat == null ? 0 : iat, azp, subject, pending, CONTEXT);
    }

    private static VerifiedSession valid() {
        return session(NOW + 60, NOW, SPA, true, false);
    }

    private static void refused(VerifiedSession session, SessionRefusal refusal) {
        assertThatThrownBy(() -> RULES.check(session, NOW)).isInstanceOf(SessionRefusedException.class)
                .satisfies(e -> assertThat(((SessionRefusedException) e).refusal()).isEqualTo(refusal));
    }

    @Test
    void validSessionGivesItsContext() {
        assertThat(RULES.check(valid(), NOW)).isSameAs(CONTEXT);
    }

    @Test
    void expIsCheckedOnEveryUseWithTheSkew() {
        assertThat(RULES.check(session(NOW - 4, NOW - 60, SPA, true, false), NOW)).isSameAs(CONTEXT);
        refused(session(NOW - 5, NOW - 60, SPA, true, false), SessionRefusal.TOKEN_EXPIRED);
    }

    @Test
    void iatInTheFutureBeyondTheSkewIsRefused() {
        assertThat(RULES.check(session(NOW + 60, NOW + 5, SPA, true, false), NOW)).isSameAs(CONTEXT);
        refused(session(NOW + 60, NOW + 6, SPA, true, false), SessionRefusal.TOKEN_ISSUED_IN_FUTURE);
        assertThat(RULES.check(session(NOW + 60, null, SPA, true, false), NOW)).as("no iat").isSameAs(CONTEXT);
    }

    @Test
    void tokenWithoutAzpIsRefusedLikeOneWithAnotherAzp() {
        refused(session(NOW + 60, NOW, null, true, false), SessionRefusal.TOKEN_AUTHORIZED_PARTY);
        refused(session(NOW + 60, NOW, "https://evil.example", true, false), SessionRefusal.TOKEN_AUTHORIZED_PARTY);
        refused(session(NOW + 60, NOW, SPA + "/", true, false), SessionRefusal.TOKEN_AUTHORIZED_PARTY);
    }

    @Test
    void pendingSessionIsRefused() {
        refused(session(NOW + 60, NOW, SPA, true, true), SessionRefusal.SESSION_PENDING);
    }

    @Test
    void tokenWithoutSubjectIsRefused() {
        refused(session(NOW + 60, NOW, SPA, false, false), SessionRefusal.TOKEN_SUBJECT_MISSING);
    }

    @Test
    void firstBrokenRuleNamesTheRefusal() {
        refused(session(NOW - 60, NOW + 60, null, false, true), SessionRefusal.TOKEN_EXPIRED);
        refused(session(NOW + 60, NOW + 60, null, false, true), SessionRefusal.TOKEN_SUBJECT_MISSING);
        refused(session(NOW + 60, NOW + 60, null, true, true), SessionRefusal.TOKEN_ISSUED_IN_FUTURE);
        refused(session(NOW + 60, NOW, null, true, true), SessionRefusal.TOKEN_AUTHORIZED_PARTY);
    }

    @Test
    void everyRefusalHasItsOwnProblemTypeUnderOneBase() {
        assertThat(SessionRefusal.values()).extracting(SessionRefusal::uri).doesNotHaveDuplicates()
                .allMatch(uri -> uri.startsWith("https://fleetfusion.dev/problems/token-")
                        || uri.startsWith("https://fleetfusion.dev/problems/session-")
                        || uri.equals("https://fleetfusion.dev/problems/keys-unavailable"));
    }
}
