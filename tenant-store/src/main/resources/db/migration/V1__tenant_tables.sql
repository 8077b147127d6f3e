-- Tenant tables: written only by tenant-store, read by the other FleetFusion services.
-- Events arrive in any order, so there are no foreign keys and no unique constraints on slugs or e-mail
-- addresses. Every row carries source_version (epoch ms of the Clerk object's updated_at, or of the deletion)
-- and deleted_at (a tombstone, the deletion's version as a timestamp).
-- last_deletion_version is the newest deletion ever seen for the row, even if a newer update later made it live
-- again: memberships are tombstoned against it, so that the result never depends on arrival order.

CREATE TABLE users (
    id                    text PRIMARY KEY,
    primary_email         text,
    first_name            text,
    last_name             text,
    username              text,
    image_url             text,
    public_metadata       jsonb,
    last_sign_in_at       timestamptz,
    banned                boolean,
    created_at            timestamptz,
    updated_at            timestamptz,
    source_version        bigint NOT NULL,
    deleted_at            timestamptz,
    last_deletion_version bigint
);

CREATE TABLE organizations (
    id                      text PRIMARY KEY,
    name                    text,
    slug                    text,
    image_url               text,
    created_by              text,
    public_metadata         jsonb,
    max_allowed_memberships integer,
    created_at              timestamptz,
    updated_at              timestamptz,
    source_version          bigint NOT NULL,
    deleted_at              timestamptz,
    last_deletion_version   bigint
);

CREATE TABLE organization_memberships (
    organization_id  text NOT NULL,
    user_id          text NOT NULL,
    membership_id    text,
    role             text,
    permissions      text[],
    public_metadata  jsonb,
    -- the member's public user data as Clerk sends it (first/last name, image, identifier)
    public_user_data jsonb,
    created_at       timestamptz,
    updated_at       timestamptz,
    source_version   bigint NOT NULL,
    deleted_at       timestamptz,
    PRIMARY KEY (organization_id, user_id)
);

-- GET /me lists a user's memberships; the cascade of a user deletion finds them too
CREATE INDEX organization_memberships_user_id ON organization_memberships (user_id);
-- lookups by slug and e-mail from other services (not unique: see above)
CREATE INDEX organizations_slug ON organizations (slug) WHERE deleted_at IS NULL;
CREATE INDEX users_primary_email ON users (lower(primary_email)) WHERE deleted_at IS NULL;

-- Each svix-id seen, with what became of it; kept for at least the Svix retry horizon (28 h).
CREATE TABLE processed_events (
    svix_id      text PRIMARY KEY,
    event_type   text NOT NULL,
    outcome      text NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX processed_events_processed_at ON processed_events (processed_at);

-- Versions are epoch milliseconds; this turns one into a timestamp exactly (no floating point on the way),
-- so that a replay writes the same bytes.
CREATE FUNCTION ms_to_timestamptz(ms bigint) RETURNS timestamptz
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT to_timestamp(0) + ms * interval '1 millisecond' $$;
