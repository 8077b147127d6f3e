-- Serializes concurrent apply transactions (two replicas on different partitions, or reconciliation beside the
-- consumer) exactly where they could miss each other under READ COMMITTED: a transaction deleting a user or an
-- organization holds its key exclusively, one writing a membership holds the keys of its organization and user
-- shared. The caller passes the keys sorted, so every transaction takes its locks in the same order (no deadlock);
-- they are transaction-level advisory locks, released at commit or rollback (safe behind PgBouncer in transaction
-- mode).
CREATE FUNCTION lock_apply_keys(keys bigint[], exclusive boolean[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    FOR i IN 1 .. coalesce(array_length(keys, 1), 0) LOOP
        IF exclusive[i] THEN
            PERFORM pg_advisory_xact_lock(keys[i]);
        ELSE
            PERFORM pg_advisory_xact_lock_shared(keys[i]);
        END IF;
    END LOOP;
END
$$;
