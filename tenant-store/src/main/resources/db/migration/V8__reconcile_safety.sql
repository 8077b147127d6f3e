-- Reconciliation that cannot destroy (issue 22), and memberships known by their identity.
--
-- deleted_by: 'reconcile' on a tombstone written by a reconciliation run (the object was confirmed absent from
-- Clerk), NULL otherwise (Clerk's own deletion events and their cascades, and every tombstone older than V8).
-- restore_version: on a reconciliation tombstone, the row's own last known version before it; a webhook newer than
-- that restores the row, a later run that finds the object restores it whatever the versions.
ALTER TABLE users ADD COLUMN deleted_by text, ADD COLUMN restore_version bigint;
ALTER TABLE organizations ADD COLUMN deleted_by text, ADD COLUMN restore_version bigint;
ALTER TABLE organization_memberships ADD COLUMN deleted_by text, ADD COLUMN restore_version bigint;

-- generation: the membership's created_at (epoch ms), kept on its tombstone. A member removed and added again is a new
-- membership with a later created_at; the state of an (organization, user) pair is decided by the generation first,
-- then by the version. Tombstones older than V8 had their created_at cleared: their generation is unknown (NULL),
-- and against them the version alone decides, as before.
ALTER TABLE organization_memberships ADD COLUMN generation bigint;
UPDATE organization_memberships SET generation = (extract(epoch FROM created_at) * 1000)::bigint
    WHERE created_at IS NOT NULL;

-- The Clerk instances whose objects the tables hold: the instance_id of the webhook envelopes applied, and the
-- instance a completed reconciliation run read (GET /v1/instance). A run whose secret key belongs to another
-- instance is refused before it lists anything.
CREATE TABLE clerk_instances (
    instance_id   text COLLATE "C" PRIMARY KEY,
    source        text NOT NULL,
    first_seen_at timestamptz NOT NULL DEFAULT now()
);
