package com.fleetfusion.store.service;

import io.vertx.pgclient.PgException;

/**
 * Sorts database failures into the two kinds the consumer treats differently. Only a data error that the same
 * records will raise again (SQLSTATE class 22 "data exception", 54 "program limit exceeded") is the records' fault;
 * everything else (refused or dropped connection, Neon waking up, serialization failure, deadlock, admin shutdown,
 * too many connections, timeouts) is transient: retried with back-off, never dead-lettered, never skipped.
 */
public final class DatabaseFailures {

    private DatabaseFailures() {
    }

    public static boolean causedByRecords(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && pg.getSqlState() != null
                    && (pg.getSqlState().startsWith("22") || pg.getSqlState().startsWith("54"))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    public static boolean isTransient(Throwable failure) {
        return !causedByRecords(failure);
    }
}
