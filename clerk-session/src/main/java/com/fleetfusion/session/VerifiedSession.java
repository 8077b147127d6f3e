package com.fleetfusion.session;

/**
 * A token whose signature, {@code iss}, {@code exp} and {@code nbf} have been verified, with what Clerk's rules
 * ({@link SessionRules}) read of it, taken once from the payload: a cache may keep it and check the rules again on
 * every use. {@code azp} is null when absent or empty.
 */
public record VerifiedSession(long exp, boolean hasIat, long iat, String azp, boolean hasSubject, boolean pending,
        SessionContext context) {

    @Override
    public String toString() {
        return "VerifiedSession[" + context + "]";
    }
}
