package com.fleetfusion.store.rest;

/** A failure the lookups answer with a problem+json response; each subclass fixes status, type and title. */
public abstract class TenantStoreException extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;

    protected TenantStoreException(int status, String type, String title, String detail) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
    }

    public int status() {
        return status;
    }

    /** The last segment of the problem type URI; stable, clients may branch on it. */
    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    /**
     * An organization, user or membership that does not exist or is deleted. The detail names the kind only, never
     * the id the client sent (no echo of input).
     */
    public static final class NotFound extends TenantStoreException {
        public NotFound(String what) {
            super(404, "not-found", "Not found", "No such " + what + ".");
        }
    }

    /** The session's active organization is not the one asked for; says nothing about the other. */
    public static final class OrganizationMismatch extends TenantStoreException {
        public OrganizationMismatch() {
            super(403, "organization-mismatch", "Forbidden",
                    "The session's active organization is not the one requested.");
        }
    }

    /** A query parameter out of its range. */
    public static final class InvalidParameter extends TenantStoreException {
        public InvalidParameter(String detail) {
            super(400, "invalid-parameter", "Invalid parameter", detail);
        }
    }
}
