-- Every statement of an apply batch reaches rows by key (primary keys, the memberships' user_id index). Right
-- after a start on an empty or fast-growing database (a first sync, a replay into a new database) the planner has no
-- statistics yet and prepared statements keep the plan made while the tables were nearly empty: whole-table scans
-- and hash joins per batch, whose cost grows with the tables (measured: two cascade updates scanning 36,000
-- memberships for 20 deletions, 18 ms each). begin_apply, the batch's first statement, turns sequential scans off
-- for the rest of the transaction only (set_config's is_local; PgBouncer-safe), so every plan of the batch uses the
-- indexes whatever the statistics say; then it takes the batch's advisory locks (V3).
CREATE FUNCTION begin_apply(keys bigint[], exclusive boolean[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('enable_seqscan', 'off', true);
    PERFORM lock_apply_keys(keys, exclusive);
END
$$;

-- processed_at only serves the hourly purge (DELETE ... WHERE processed_at < cutoff) and grows with insertion
-- order: a BRIN index (a few pages) serves that range scan, where a B-tree cost one more index insertion per event.
DROP INDEX processed_events_processed_at;
CREATE INDEX processed_events_processed_at ON processed_events USING brin (processed_at);
