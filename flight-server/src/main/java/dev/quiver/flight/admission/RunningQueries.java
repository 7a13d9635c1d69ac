package dev.quiver.flight.admission;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The queries running on this server, by query id, each with the server's timeout. Transport-neutral: Flight's
 * DoGet and the HTTP endpoint register their queries here, and the {@code cancel} action stops them by id.
 *
 * <p>A query id is normally one this class {@linkplain #newQueryId() made} for a ticket; the same id may run more
 * than once at a time (a ticket read twice), and cancelling it stops every such run the caller owns. A watchdog on
 * the timer stops each query at its deadline ({@link StopReason#TIMED_OUT}) even while it is blocked in the
 * database or waiting for a slow client.
 */
public final class RunningQueries implements AutoCloseable {
    /** What a query id may look like: it is echoed in messages and logs. */
    public static final Pattern QUERY_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final Duration timeout;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final boolean ownsTimer;
    private final Map<String, Set<RunningQuery>> byId = new ConcurrentHashMap<>();

    /** Queries time out after {@code timeout} by {@code clock}; {@code timer} runs the watchdogs. */
    public RunningQueries(Duration timeout, Clock clock, ScheduledExecutorService timer) {
        this(timeout, clock, timer, false);
    }

    private RunningQueries(Duration timeout, Clock clock, ScheduledExecutorService timer, boolean ownsTimer) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the query timeout must be positive, got " + timeout);
        }
        this.timeout = timeout;
        this.clock = clock;
        this.timer = timer;
        this.ownsTimer = ownsTimer;
    }

    /** With the system clock and a watchdog thread of its own, stopped by {@link #close()}. */
    public static RunningQueries withTimeout(Duration timeout) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "quiver-query-timeout");
            thread.setDaemon(true);
            return thread;
        });
        return new RunningQueries(timeout, Clock.systemUTC(), timer, true);
    }

    /** A new random query id. */
    public static String newQueryId() {
        return UUID.randomUUID().toString();
    }

    public Duration timeout() {
        return timeout;
    }

    /**
     * Registers a query run under {@code queryId} (a new id when {@code null}) for {@code owner}; close the
     * returned query when its stream has ended.
     */
    public RunningQuery start(String queryId, String owner) {
        String id = queryId == null ? newQueryId() : queryId;
        if (!QUERY_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("query id '" + id + "' must match " + QUERY_ID.pattern());
        }
        RunningQuery query = new RunningQuery(id, owner == null ? "" : owner, timeout, clock, finished ->
            byId.computeIfPresent(finished.id(), (key, runs) -> {
                runs.remove(finished);
                return runs.isEmpty() ? null : runs;
            }));
        byId.compute(id, (key, runs) -> {
            Set<RunningQuery> all = runs == null ? ConcurrentHashMap.newKeySet() : runs;
            all.add(query);
            return all;
        });
        Runnable watchdog = () -> query.stop(StopReason.TIMED_OUT);
        query.watchdog(timer.schedule(watchdog, timeout.toNanos(), TimeUnit.NANOSECONDS));
        return query;
    }

    /**
     * Stops every run of {@code queryId} that {@code requester} started.
     *
     * @return how many runs this call stopped (0 when they were stopping already)
     * @throws UnknownQueryException when no such run is registered
     */
    public int cancel(String queryId, String requester) {
        String who = requester == null ? "" : requester;
        List<RunningQuery> runs = new ArrayList<>();
        byId.computeIfPresent(queryId, (key, all) -> {
            all.stream().filter(run -> run.owner().equals(who)).forEach(runs::add);
            return all;
        });
        if (runs.isEmpty()) {
            throw new UnknownQueryException(queryId);
        }
        int stopped = 0;
        for (RunningQuery run : runs) {
            if (run.stop(StopReason.CANCELLED)) {
                stopped++;
            }
        }
        return stopped;
    }

    /** Query runs registered right now. */
    public int size() {
        return byId.values().stream().mapToInt(Set::size).sum();
    }

    /** Stops the watchdog thread if this instance made it; running queries are left to their streams. */
    @Override
    public void close() {
        if (ownsTimer) {
            timer.shutdownNow();
        }
    }
}
