package com.fleetfusion.session;

import java.util.Optional;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * A Clerk session token as the browser sent it: {@code Authorization: Bearer} (cross-origin) or the {@code __session}
 * cookie (same-origin). Either must carry an authorized azp ({@link SessionRules}); a cookie-borne token becomes a
 * bearer upstream.
 */
public record SessionToken(String value, boolean fromCookie) {

    public static final String SESSION_COOKIE = "__session";

    @Override
    public String toString() {
        // never let a token reach a log line
        return "SessionToken[fromCookie=" + fromCookie + "]";
    }

    /** The header wins over the cookie, as in Clerk's SDK; a header without a space is the token itself. */
    public static Optional<SessionToken> from(HttpServerRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && !authorization.isBlank()) {
            String value = authorization.trim();
            int space = value.indexOf(' ');
            if (space < 0) {
                return Optional.of(new SessionToken(value, false));
            }
            if (value.regionMatches(true, 0, "Bearer", 0, space) && space == 6) {
                String token = value.substring(space + 1).trim();
                if (!token.isEmpty()) {
                    return Optional.of(new SessionToken(token, false));
                }
            }
        }
        Cookie cookie = request.getCookie(SESSION_COOKIE);
        if (cookie != null && cookie.getValue() != null && !cookie.getValue().isBlank()) {
            return Optional.of(new SessionToken(cookie.getValue().trim(), true));
        }
        return Optional.empty();
    }
}
