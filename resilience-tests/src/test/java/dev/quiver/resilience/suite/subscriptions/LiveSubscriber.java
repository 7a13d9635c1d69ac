package dev.quiver.resilience.suite.subscriptions;

import dev.quiver.resilience.harness.LatencyRecorder;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * One client subscription, read on its own (small-stack) thread: it counts the events it receives against the
 * range it expects ({@link LiveEventPublisher} entity ids {@code first..last}): each one once, in order. Events
 * after the range (or of another entity type) are counted as unexpected, a repeat as a duplicate, a skipped id as
 * missing; events before the range (stored before the subscription was established but still being fanned out
 * when it registered) are allowed and only counted: the contract promises what is stored from the moment the
 * subscription is established, not less, and says nothing against receiving a little earlier. Established = its schema arrived: the server registers a subscriber before it sends the schema, so
 * from then on every event stored reaches it.
 */
final class LiveSubscriber {
    /** Checks a received row beyond its id (e.g. a payload checksum); true if intact. */
    @FunctionalInterface
    interface RowCheck {
        boolean intact(long n, VectorSchemaRoot root, int row);
    }

    private static final long READER_STACK_BYTES = 256 * 1024;

    private final FlightStream stream;
    private volatile boolean established;
    private volatile Throwable openFailure;
    private volatile FlightStatusCode endStatus;
    private volatile String endMessage;
    // written by the reader thread, read after it ended (done latch) or for progress
    private volatile long received;
    private volatile long duplicates;
    private volatile long unexpected;
    private volatile long corrupt;
    private volatile long early;
    private volatile long last = -1;
    private long first;
    private long expectedLast;

    private LiveSubscriber(FlightStream stream) {
        this.stream = stream;
    }

    /** Starts the DoGet call; does not wait for the schema. */
    static LiveSubscriber open(FlightClient client, Ticket ticket) {
        return new LiveSubscriber(client.getStream(ticket));
    }

    /** Waits for the schema; false (and the failure kept) if the call failed instead. */
    boolean awaitEstablished() {
        try {
            stream.getSchema();
            established = true;
        } catch (RuntimeException e) {
            openFailure = e;
        }
        return established;
    }

    boolean established() {
        return established;
    }

    Throwable openFailure() {
        return openFailure;
    }

    /**
     * Reads on a new thread until it has event {@code expectedLast} (or the stream ends or is cancelled), then
     * counts {@code done} down.
     */
    void startReading(long expectedFirst, long expectedLast, LatencyRecorder latency, RowCheck check,
                      CountDownLatch done) {
        this.first = expectedFirst;
        this.expectedLast = expectedLast;
        this.last = expectedFirst - 1;
        Thread reader = new Thread(null, () -> {
            try {
                read(latency, check);
            } finally {
                done.countDown();
            }
        }, "subscriber-reader", READER_STACK_BYTES);
        reader.setDaemon(true);
        reader.start();
    }

    private void read(LatencyRecorder latency, RowCheck check) {
        try {
            while (last < expectedLast && stream.next()) {
                VectorSchemaRoot root = stream.getRoot();
                VarCharVector ids = (VarCharVector) root.getVector("entityId");
                TimeStampMicroTZVector at = (TimeStampMicroTZVector) root.getVector("occurredAt");
                Instant now = Instant.now();
                long nowMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
                for (int row = 0; row < root.getRowCount(); row++) {
                    long n = parse(ids.get(row));
                    if (n >= 0 && n < first) {
                        early++; // stored before the subscription was established: allowed, not promised
                        continue;
                    }
                    if (n < 0 || n > expectedLast) {
                        unexpected++;
                        continue;
                    }
                    if (n <= last) {
                        duplicates++;
                        continue;
                    }
                    last = n;
                    received++;
                    if (check != null && !check.intact(n, root, row)) {
                        corrupt++;
                    }
                    if (latency != null) {
                        latency.record((nowMicros - at.get(row)) * 1_000, LatencyRecorder.Outcome.OK);
                    }
                }
            }
        } catch (FlightRuntimeException e) {
            endStatus = e.status().code();
            endMessage = e.getMessage();
        } catch (RuntimeException e) {
            endStatus = FlightStatusCode.UNKNOWN;
            endMessage = e.toString();
        }
    }

    /** Reads without a goal until the stream ends (for a subscriber that stalled); returns how it ended. */
    FlightStatusCode readToEnd() {
        try {
            while (stream.next()) {
                received += stream.getRoot().getRowCount();
            }
            endStatus = FlightStatusCode.OK;
        } catch (FlightRuntimeException e) {
            endStatus = e.status().code();
            endMessage = e.getMessage();
        }
        return endStatus;
    }

    /** Whether it has every expected event (and nothing else). */
    boolean complete() {
        return last == expectedLast && received == expectedLast - first + 1 && duplicates == 0 && unexpected == 0
                && corrupt == 0;
    }

    long received() {
        return received;
    }

    long duplicates() {
        return duplicates;
    }

    long unexpected() {
        return unexpected;
    }

    long early() {
        return early;
    }

    long corrupt() {
        return corrupt;
    }

    /** Expected events not received (skipped or never arrived). */
    long missing() {
        return Math.max(0, expectedLast - first + 1 - received);
    }

    FlightStatusCode endStatus() {
        return endStatus;
    }

    String endMessage() {
        return endMessage;
    }

    String describe() {
        return "received " + received + " of " + (expectedLast - first + 1) + " (last id " + last + "), duplicates "
                + duplicates + ", unexpected " + unexpected + ", corrupt " + corrupt + ", earlier " + early
                + (endStatus == null ? "" : ", ended " + endStatus + ": " + endMessage)
                + (openFailure == null ? "" : ", open failed: " + openFailure);
    }

    /** Cancels the call (the server drops the subscriber); a reader blocked in next() ends. */
    void cancel() {
        try {
            stream.cancel("the scenario is done with this subscription", null);
        } catch (RuntimeException ignored) {
            // already ended
        }
    }

    /** Releases the stream's memory (after {@link #cancel}). */
    void close() {
        try {
            stream.close();
        } catch (Exception ignored) {
            // a cancelled stream may report its cancellation here
        }
    }

    private static long parse(byte[] utf8) {
        long value = 0;
        for (byte b : utf8) {
            if (b < '0' || b > '9') {
                return -1;
            }
            value = value * 10 + (b - '0');
        }
        return value;
    }
}
