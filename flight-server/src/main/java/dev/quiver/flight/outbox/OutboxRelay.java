package dev.quiver.flight.outbox;

import dev.quiver.flight.source.Database;
import dev.quiver.sinks.resilience.RetryIntervals;
import io.github.resilience4j.core.IntervalFunction;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves events from the outbox to the event stream, on one background thread:
 * <ol>
 *   <li>check the publisher is ready (connected, stream present), so no row is locked while the stream is down;</li>
 *   <li>in one transaction: claim up to {@code relayBatch} unsent rows ({@code FOR UPDATE SKIP LOCKED}, so
 *       relays on several servers share the work), publish them, wait for the acknowledgements, mark the
 *       acknowledged rows sent, commit;</li>
 *   <li>repeat at once while batches come back full, else wait {@code relayPoll} or until {@link #wakeUp()}.</li>
 * </ol>
 * A crash between publish and commit re-publishes those rows later; the event id as {@code Nats-Msg-Id} makes
 * JetStream drop them as duplicates. On failure the relay backs off exponentially and logs once per outage
 * (and once when it recovers). Once a minute it deletes rows sent more than {@code outboxRetention} ago.
 */
public final class OutboxRelay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    static final Duration PURGE_EVERY = Duration.ofMinutes(1);
    private static final int PURGE_LIMIT = 10_000;

    private final Database database;
    private final OutboxStore store;
    private final EventPublisher publisher;
    private final EventsConfig config;
    private final Clock clock;
    private final IntervalFunction backoff;
    private final Duration maxBackoff;
    private final Object signal = new Object();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong outages = new AtomicLong();
    private volatile boolean running;
    private volatile Instant outageSince;
    /** Failed attempts of the current outage (relay thread only); the next wait is the back-off of this count. */
    private long outageFailures;
    private boolean wakeRequested;
    private Instant nextPurge;
    private Connection connection;
    private Thread thread;

    /**
     * @param initialBackoff the wait after the first failure of an outage; doubled per further failure
     * @param maxBackoff     the longest wait
     * @throws IllegalArgumentException unless 1 ms &lt;= {@code initialBackoff} &lt;= {@code maxBackoff}
     */
    public OutboxRelay(Database database, OutboxStore store, EventPublisher publisher, EventsConfig config, Clock clock,
                       Duration initialBackoff, Duration maxBackoff) {
        this.database = database;
        this.store = store;
        this.publisher = publisher;
        this.config = config;
        this.clock = clock;
        this.backoff = RetryIntervals.doubling(initialBackoff, maxBackoff);
        this.maxBackoff = maxBackoff;
        this.nextPurge = clock.instant();
    }

    /** A relay with the system clock and a backoff of 100 ms doubling up to 5 s. */
    public static OutboxRelay create(Database database, OutboxStore store, EventPublisher publisher, EventsConfig config) {
        return new OutboxRelay(database, store, publisher, config, Clock.systemUTC(), Duration.ofMillis(100),
                Duration.ofSeconds(5));
    }

    /** Starts the background thread; returns this. */
    public synchronized OutboxRelay start() {
        if (thread != null) {
            throw new IllegalStateException("the relay is already started");
        }
        running = true;
        thread = new Thread(this::run, "quiver-outbox-relay");
        thread.setDaemon(true);
        thread.start();
        LOG.info("outbox relay started: publishing to {}, batches of {}, polling every {} ms", publisher.describe(),
                config.relayBatch(), config.relayPoll().toMillis());
        return this;
    }

    /** Asks the relay to look for rows now (called after a mutation commits); ignored while backing off. */
    public void wakeUp() {
        synchronized (signal) {
            wakeRequested = true;
            signal.notifyAll();
        }
    }

    /**
     * One claim transaction: publishes up to one batch and marks what the stream acknowledged.
     *
     * @return how many events were acknowledged
     * @throws EventPublishException when the stream is not ready or refused part of the batch (the acknowledged
     *                               part is marked sent all the same)
     * @throws SQLException          when the outbox cannot be read or updated (nothing is marked)
     */
    public int relayOnce() throws EventPublishException, SQLException {
        publisher.ensureReady();
        Connection current = connection();
        try {
            List<OutboxMessage> claimed = store.claim(current, config.relayBatch());
            if (claimed.isEmpty()) {
                current.commit();
                return 0;
            }
            PublishOutcome outcome = publisher.publish(claimed);
            store.markSent(current, outcome.acked(), clock.instant());
            current.commit();
            published.addAndGet(outcome.acked().size());
            duplicates.addAndGet(outcome.duplicates());
            if (outcome.failure() != null) {
                throw outcome.failure();
            }
            return outcome.acked().size();
        } catch (SQLException | RuntimeException e) {
            dropConnection();
            throw e;
        }
    }

    /** Deletes rows published before the retention if a purge is due; returns how many. */
    int purgeIfDue() throws SQLException {
        Instant now = clock.instant();
        if (now.isBefore(nextPurge)) {
            return 0;
        }
        nextPurge = now.plus(PURGE_EVERY);
        Connection current = connection();
        try {
            int deleted = store.purgeSent(current, now.minus(config.outboxRetention()), PURGE_LIMIT);
            current.commit();
            if (deleted > 0) {
                LOG.debug("deleted {} outbox rows published before {}", deleted, now.minus(config.outboxRetention()));
            }
            return deleted;
        } catch (SQLException | RuntimeException e) {
            dropConnection();
            throw e;
        }
    }

    /** Events acknowledged by the stream since start (including duplicates). */
    public long published() {
        return published.get();
    }

    /** Of {@link #published()}, those the stream already had (re-published after a crash or by another relay). */
    public long duplicates() {
        return duplicates.get();
    }

    /** Failed attempts since start. */
    public long failures() {
        return failures.get();
    }

    /** Outages since start: runs of failed attempts ended by a success. */
    public long outages() {
        return outages.get();
    }

    /** Whether the last attempt succeeded. */
    public boolean healthy() {
        return outageSince == null;
    }

    /** Rows waiting in the outbox (on every server's account), or -1 when the database cannot say. */
    public long pending() {
        try (Connection count = database.connect()) {
            return store.countPending(count);
        } catch (SQLException e) {
            LOG.debug("cannot count pending outbox rows: {}", e.getMessage());
            return -1;
        }
    }

    /** Stops the thread (waiting for the current batch), then closes the publisher and the connection. */
    @Override
    public void close() {
        Thread current;
        synchronized (this) {
            running = false;
            current = thread;
        }
        wakeUp();
        if (current != null) {
            try {
                current.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (current.isAlive()) {
                LOG.warn("outbox relay did not stop within 10 s; interrupting it");
                current.interrupt();
            }
        }
        publisher.close();
        dropConnection();
    }

    private void run() {
        while (running) {
            Duration wait = step();
            if (!wait.isZero()) {
                await(wait.toMillis(), healthy());
            }
        }
    }

    /** One turn of the loop: relay a batch, purge if due; returns how long to wait before the next turn. */
    Duration step() {
        try {
            int sent = relayOnce();
            recovered();
            purgeIfDue();
            return sent == config.relayBatch() ? Duration.ZERO : config.relayPoll();
        } catch (EventPublishException | SQLException | RuntimeException e) {
            failed(e);
            outageFailures++;
            return Duration.ofMillis(backoff.apply((int) Math.min(outageFailures, Integer.MAX_VALUE)));
        }
    }

    private void failed(Exception e) {
        failures.incrementAndGet();
        if (outageSince == null) {
            outageSince = clock.instant();
            outages.incrementAndGet();
            LOG.warn("outbox relay cannot publish to {}: {}. Mutations still commit; their events wait in the outbox"
                    + " ({} pending). Retrying with backoff up to {} s; logged once per outage.", publisher.describe(),
                    e.getMessage(), pending(), maxBackoff.toSeconds());
        } else {
            LOG.debug("outbox relay still failing: {}", e.getMessage());
        }
    }

    private void recovered() {
        Instant since = outageSince;
        if (since != null) {
            outageSince = null;
            outageFailures = 0;
            LOG.info("outbox relay publishing again to {} after {} ms of failures; {} events wait in the outbox",
                    publisher.describe(), Duration.between(since, clock.instant()).toMillis(), pending());
        }
    }

    private void await(long millis, boolean wakeable) {
        synchronized (signal) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (running && !(wakeable && wakeRequested)) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    break;
                }
                try {
                    signal.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
            wakeRequested = false;
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection opened = database.connect();
            opened.setAutoCommit(false);
            connection = opened;
        }
        return connection;
    }

    private void dropConnection() {
        Connection current = connection;
        connection = null;
        if (current != null) {
            try {
                current.rollback();
            } catch (SQLException e) {
                LOG.debug("rollback on a failed outbox connection: {}", e.getMessage());
            }
            try {
                current.close();
            } catch (SQLException e) {
                LOG.debug("closing a failed outbox connection: {}", e.getMessage());
            }
        }
    }
}
