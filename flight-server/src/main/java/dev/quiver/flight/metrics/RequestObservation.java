package dev.quiver.flight.metrics;

import io.micrometer.core.instrument.Timer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * One request being measured, from {@link QuiverMetrics#begin} to {@link #finish}: it counts the rows and
 * batches it streams as they go and, when finished, its outcome and duration. Thread-safe; only the first
 * {@link #finish} counts.
 */
public final class RequestObservation {
    private final QuiverMetrics metrics;
    private final Transport transport;
    private final Timer.Sample started;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final LongAdder rows = new LongAdder();

    RequestObservation(QuiverMetrics metrics, Transport transport, Timer.Sample started) {
        this.metrics = metrics;
        this.transport = transport;
        this.started = started;
    }

    /** Records one batch of {@code count} rows sent to the client. */
    public void batch(int count) {
        rows.add(count);
        metrics.streamed(transport, count);
    }

    /** The rows this request has streamed so far. */
    public long rows() {
        return rows.sum();
    }

    /** Ends the request with {@code outcome}; returns false (and records nothing) if it had already ended. */
    public boolean finish(Outcome outcome) {
        if (!finished.compareAndSet(false, true)) {
            return false;
        }
        metrics.finished(transport, outcome, started);
        return true;
    }

    public boolean isFinished() {
        return finished.get();
    }
}
