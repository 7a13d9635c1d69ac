package dev.quiver.flight.admission;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One query while its rows are being produced, from {@link RunningQueries#start} to {@link #close()}.
 *
 * <p>It stops at most once, for the first {@link StopReason} given to {@link #stop}: the cancel action, the
 * server's timeout watchdog, or the transport noticing the client is gone. Stopping runs the registered
 * {@linkplain #onStop hooks} (cancel the SQL statement, wake a writer waiting for the client), which must be
 * idempotent. The producing loop calls {@link #checkActive()} between batches: it also compares the wall clock
 * with the deadline, so the timeout holds even if the watchdog is late.
 */
public final class RunningQuery implements QueryGuard, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunningQuery.class);
    private static final String QUERY_CANCELED_SQLSTATE = "57014";

    private final String id;
    private final String owner;
    private final Duration timeout;
    private final Instant deadline;
    private final Clock clock;
    private final Consumer<RunningQuery> onClose;
    private final AtomicReference<StopReason> stopReason = new AtomicReference<>();
    private final List<Runnable> hooks = new CopyOnWriteArrayList<>();
    private volatile Future<?> watchdog;
    private volatile boolean closed;

    RunningQuery(String id, String owner, Duration timeout, Clock clock, Consumer<RunningQuery> onClose) {
        this.id = id;
        this.owner = owner;
        this.timeout = timeout;
        this.clock = clock;
        this.deadline = clock.instant().plus(timeout);
        this.onClose = onClose;
    }

    public String id() {
        return id;
    }

    /** Who started it (the authenticated user; empty when authentication is off); only they may cancel it. */
    public String owner() {
        return owner;
    }

    public Instant deadline() {
        return deadline;
    }

    /** Time left before the timeout, never negative. */
    public Duration remaining() {
        Duration left = Duration.between(clock.instant(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /**
     * Stops the query for {@code reason} and runs the hooks; {@code false} if it had stopped already or is closed
     * (finished).
     */
    public boolean stop(StopReason reason) {
        if (closed || !stopReason.compareAndSet(null, reason)) {
            return false;
        }
        LOG.info("query {} stopped: {}", id, reason);
        for (Runnable hook : hooks) {
            try {
                hook.run();
            } catch (RuntimeException e) {
                LOG.warn("stopping query {}: a stop hook failed", id, e);
            }
        }
        return true;
    }

    /** Why it stopped, or {@code null} while it is running. */
    public StopReason stopReason() {
        return stopReason.get();
    }

    public boolean isStopped() {
        return stopReason.get() != null;
    }

    /**
     * Throws {@link QueryStoppedException} if the query was stopped or its deadline has passed (which stops it
     * for {@link StopReason#TIMED_OUT}).
     */
    @Override
    public void checkActive() {
        if (stopReason.get() == null && !clock.instant().isBefore(deadline)) {
            stop(StopReason.TIMED_OUT);
        }
        if (stopReason.get() != null) {
            throw stoppedException();
        }
    }

    /** Runs {@code hook} when the query stops (at once if it has); closing the registration removes it. */
    @Override
    public Registration onStop(Runnable hook) {
        hooks.add(hook);
        if (stopReason.get() != null) {
            hook.run();
        }
        return () -> hooks.remove(hook);
    }

    /** Sets the statement's timeout to the time left (JDBC counts whole seconds) and cancels it on stop. */
    @Override
    public Registration guard(Statement statement) throws SQLException {
        checkActive();
        long millis = remaining().toMillis();
        statement.setQueryTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, (millis + 999) / 1000)));
        return onStop(() -> {
            try {
                statement.cancel();
            } catch (SQLException e) {
                LOG.debug("cancelling the statement of query {} failed: {}", id, e.getMessage());
            }
        });
    }

    /**
     * The failure to report for {@code failure}, which happened while running this query: once the query is
     * stopped (a cancelled statement fails with some SQL error) or the database's own statement timeout fired,
     * that is the {@link QueryStoppedException}; anything else is returned unchanged.
     */
    public Exception explain(Exception failure) {
        if (stopReason.get() == null && isTimeout(failure) && !clock.instant().isBefore(deadline)) {
            stop(StopReason.TIMED_OUT);
        }
        return stopReason.get() != null ? stoppedException() : failure;
    }

    /** The exception describing why the query stopped; only valid once it has. */
    public QueryStoppedException stoppedException() {
        StopReason reason = stopReason.get();
        if (reason == null) {
            throw new IllegalStateException("query " + id + " is still running");
        }
        String message = switch (reason) {
            case CANCELLED -> "query " + id + " was cancelled by a cancel action";
            case TIMED_OUT -> "query " + id + " did not finish within this server's query timeout of "
                    + describe(timeout) + " (--query-timeout); narrow it with where: or limit:, or ask the operator"
                    + " for a longer timeout";
            case CLIENT_GONE -> "query " + id + " stopped: the client cancelled the call or its deadline passed";
        };
        return new QueryStoppedException(reason, id, message);
    }

    void watchdog(Future<?> timer) {
        this.watchdog = timer;
    }

    /** Ends the query's registration (it can no longer be cancelled by id); the stop state stays readable. */
    @Override
    public void close() {
        closed = true;
        Future<?> timer = watchdog;
        if (timer != null) {
            timer.cancel(false);
        }
        onClose.accept(this);
    }

    static String describe(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 60_000 == 0 && millis >= 60_000) {
            return millis / 60_000 + " min";
        }
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    private static boolean isTimeout(Exception failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTimeoutException
                    || t instanceof SQLException sql && QUERY_CANCELED_SQLSTATE.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "RunningQuery[" + id + (isStopped() ? ", " + stopReason.get() : "") + "]";
    }
}
