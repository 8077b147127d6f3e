package com.fleetfusion.store.rest;

import java.util.Map;

import com.fleetfusion.problem.ProblemException;
import com.fleetfusion.problem.ProblemType;

/**
 * A failure the lookups answer with a problem+json response (the shared problem-json writer); each subclass fixes
 * its catalogued type. A 401 names the scheme in {@code WWW-Authenticate}.
 */
public abstract class TenantStoreException extends ProblemException {

    protected TenantStoreException(ProblemType type, String detail) {
        super(type, detail);
    }

    @Override
    public Map<String, String> headers() {
        return ProblemExceptionMapper.headersFor(type().status());
    }

    /**
     * An organization, user or membership that does not exist or is deleted. The detail names the kind only, never
     * the id the client sent (no echo of input).
     */
    public static final class NotFound extends TenantStoreException {
        public NotFound(String what) {
            super(ProblemType.NOT_FOUND, "No such " + what + ".");
        }
    }

    /** The session's active organization is not the one asked for; says nothing about the other. */
    public static final class OrganizationMismatch extends TenantStoreException {
        public OrganizationMismatch() {
            super(ProblemType.ORGANIZATION_MISMATCH, "The session's active organization is not the one requested.");
        }
    }

    /** A query parameter out of its range. */
    public static final class InvalidParameter extends TenantStoreException {
        public InvalidParameter(String detail) {
            super(ProblemType.INVALID_PARAMETER, detail);
        }
    }
}
