-- lock_apply_keys (V3) took a batch's advisory locks one PERFORM per key: a plpgsql statement, with its executor
-- start-up, for each of the ~500 keys of a batch of 1,000 events, while the batch before held them up. One statement
-- now takes them all, in the order of the arrays (ascending, as the caller sorts them: a function scan over unnest
-- yields its rows in array order, and the target list is evaluated row by row), exclusive or shared as before.
CREATE OR REPLACE FUNCTION lock_apply_keys(keys bigint[], exclusive boolean[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM CASE WHEN k.exclusive THEN pg_advisory_xact_lock(k.key) ELSE pg_advisory_xact_lock_shared(k.key) END
    FROM unnest(keys, exclusive) AS k(key, exclusive);
END
$$;
