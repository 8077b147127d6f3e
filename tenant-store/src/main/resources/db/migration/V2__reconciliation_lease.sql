-- One reconciliation run at a time across all replicas: the running replica holds this lease and renews it while it
-- runs; a replica that died frees it when expires_at passes.
CREATE TABLE reconciliation_lease (
    name       text PRIMARY KEY,
    holder     text NOT NULL,
    expires_at timestamptz NOT NULL
);
