package dev.quiver.flight.transport.http;

import dev.quiver.flight.admission.QueryGuard;
import dev.quiver.flight.admission.RunningQuery;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends an HTTP answer whose writes a client blocks by not reading ({@code --http-write-timeout}), and one whose query
 * stops (timeout, cancel) while a write is blocked. The JDK server writes on the worker thread to a blocking
 * {@link java.nio.channels.SocketChannel}; nothing but closing that channel ends such a write, and the JDK offers
 * only a deadline on the whole response ({@code sun.net.httpserver.maxRspTime}), which would also end long streams
 * and subscriptions that are read. The channel is interruptible, though: interrupting the blocked writer closes the
 * connection and the write fails, so the query ends and frees its stream slot, database connection and transaction.
 * The writer is interrupted only while it is inside a write, never in other work. A query that stops while its
 * write is blocked gives that write {@link #STOPPED_GRACE} more (and every later write of the answer as long at
 * most), so a client that reads late still gets the answer's {@code "errors"}; then the write is ended.
 */
final class WriteDeadline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WriteDeadline.class);
    /** How much longer a write may stay blocked once its query has stopped. */
    static final Duration STOPPED_GRACE = Duration.ofSeconds(5);

    private final Duration limit;
    private final ScheduledExecutorService timer;

    WriteDeadline(Duration limit) {
        this.limit = limit;
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "quiver-http-write-deadline");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The longest one write may stay blocked. */
    Duration limit() {
        return limit;
    }

    /** Watches the writes of the calling thread for one endless answer (a subscription's event stream). */
    Watch watch() {
        return new Watch(this, Thread.currentThread(), null);
    }

    /** Watches the writes of the calling thread for one answer, and ends a blocked one when {@code query} stops. */
    Watch watch(RunningQuery query) {
        return new Watch(this, Thread.currentThread(), query);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** The writes of one answer, made on one thread. */
    static final class Watch implements AutoCloseable {
        /** Watches nothing: writes may block for ever (for tests of the answer's format). */
        static final Watch NONE = new Watch(null, null, null);

        private final WriteDeadline deadline;
        private final Thread writer;
        private final QueryGuard.Registration onStop;
        private boolean writing;
        private long write;
        private boolean stopped;
        private boolean interrupted;
        private String why;
        private ScheduledFuture<?> expiry;

        private Watch(WriteDeadline deadline, Thread writer, RunningQuery query) {
            this.deadline = deadline;
            this.writer = writer;
            this.onStop = query == null ? () -> { } : query.onStop(this::queryStopped);
        }

        /** Call before a write that may block; {@link #end()} after it, in a finally. */
        void begin() {
            if (deadline == null) {
                return;
            }
            synchronized (this) {
                writing = true;
                write++;
                if (stopped) {
                    expire(shorter(deadline.limit), "its query stopped and the client read nothing since");
                } else {
                    expire(deadline.limit, "the client read nothing for " + deadline.limit.toMillis()
                            + " ms (--http-write-timeout)");
                }
            }
        }

        /** Ends a write; an interrupt this watch delivered is cleared, so the worker thread serves on unharmed. */
        void end() {
            if (deadline == null) {
                return;
            }
            synchronized (this) {
                writing = false;
                expiry.cancel(false);
                if (interrupted) {
                    Thread.interrupted();
                }
            }
        }

        /** Why a write was ended, or null if none was. */
        synchronized String endedBecause() {
            return why;
        }

        private synchronized void queryStopped() {
            stopped = true;
            if (writing && deadline != null) {
                expiry.cancel(false);
                expire(shorter(deadline.limit), "its query stopped while the client read nothing");
            }
        }

        /** Ends the current write after {@code delay}, if it is still blocked then. Call holding the lock. */
        private void expire(Duration delay, String reason) {
            long current = write;
            expiry = deadline.timer.schedule(() -> interrupt(current, reason), delay.toNanos(), TimeUnit.NANOSECONDS);
        }

        private static Duration shorter(Duration limit) {
            return limit.compareTo(STOPPED_GRACE) < 0 ? limit : STOPPED_GRACE;
        }

        private synchronized void interrupt(long which, String reason) {
            if (writing && write == which && !interrupted) {
                interrupted = true;
                why = reason;
                LOG.info("ending an HTTP answer: {}", reason);
                writer.interrupt(); // closes the blocked channel: the write fails with ClosedByInterruptException
            }
        }

        @Override
        public void close() {
            onStop.close();
        }
    }
}
