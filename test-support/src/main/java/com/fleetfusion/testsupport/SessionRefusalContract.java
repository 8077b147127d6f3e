package com.fleetfusion.testsupport;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import io.restassured.response.Response;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * What every service that reads a Clerk session answers, through its own HTTP port, to a token without {@code azp},
 * a pending session and a token issued in the future: 401 problem+json with the same type each. Literal types on
 * purpose: the contract is the wire, not a constant that could drift with the code.
 */
public final class SessionRefusalContract {

    private SessionRefusalContract() {
    }

    /** The three refused tokens (signed with {@link SessionTokens}' key and issuer) and the type each must get. */
    public static Map<String, String> refusedTokens(String userId, String orgId) {
        Instant now = Instant.now();
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put(SessionTokens.v2(userId).organization(orgId, "acme", "org:admin").authorizedParty(null).sign(),
                "https://fleetfusion.dev/problems/token-authorized-party");
        tokens.put(SessionTokens.v2(userId).organization(orgId, "acme", "org:admin").claim("sts", "pending").sign(),
                "https://fleetfusion.dev/problems/session-pending");
        tokens.put(SessionTokens.v2(userId).organization(orgId, "acme", "org:admin").issuedAt(now.plusSeconds(60))
                .notBefore(now.minusSeconds(5)).expiresAt(now.plusSeconds(120)).sign(),
                "https://fleetfusion.dev/problems/token-issued-in-future");
        return tokens;
    }

    /** Sends each refused token with {@code call} (a bearer request to a session-reading endpoint) and checks the answer. */
    public static void assertRefusedAlike(String userId, String orgId, Function<String, Response> call) {
        refusedTokens(userId, orgId).forEach((token, type) -> call.apply(token).then().statusCode(401)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo(type))
                .body("status", equalTo(401)));
    }
}
