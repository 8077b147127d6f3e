-- The last reconciliation run as the replica running it last reported it (at its start, at every progress line, at
-- its end), so that GET /admin/reconcile answers the same on every replica. One row per kind of run; a report of an
-- older run (a late final report after another replica started the next) never replaces a newer one.
CREATE TABLE reconciliation_runs (
    name       text PRIMARY KEY,
    started_at timestamptz NOT NULL,
    holder     text NOT NULL,
    state      jsonb NOT NULL,
    updated_at timestamptz NOT NULL
);
