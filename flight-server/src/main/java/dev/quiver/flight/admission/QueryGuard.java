package dev.quiver.flight.admission;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * Keeps a running SQL statement inside a query's limits: gives it a timeout and cancels it when the query is
 * stopped (cancel action, timeout, client gone), until the returned registration is closed.
 */
public interface QueryGuard {
    /** Guards nothing: no timeout, never cancels. */
    QueryGuard NONE = statement -> () -> { };

    /**
     * Call before executing {@code statement}; close the result once it has finished (before closing it).
     *
     * @throws QueryStoppedException when the query was stopped already
     */
    Registration guard(Statement statement) throws SQLException;

    /**
     * Throws {@link QueryStoppedException} when the query has stopped (or its deadline has passed): for work that
     * runs no statement, and for a statement that failed, which may have failed because the query was stopped.
     * A guard that never stops does nothing.
     */
    default void checkActive() {
    }

    /**
     * Runs {@code hook} when the query stops (at once if it has), until the returned registration is closed: for
     * work that runs no JDBC {@link Statement} to {@linkplain #guard guard}, such as a COPY, whose hook cancels it on
     * the server. A guard that never stops never runs it.
     */
    default Registration onStop(Runnable hook) {
        return () -> { };
    }

    /** Undoes a registration; closing twice is harmless. */
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
