package dev.quiver.bridge.tools;

import dev.quiver.bridge.Time;
import java.time.Duration;

/**
 * When each event of a paced run goes out: event {@code n} is due {@code n / rate} seconds after the pacer was
 * made. An event past its time goes out at once (a run that fell behind catches up instead of waiting again), and
 * so does one less than {@link #SLACK_NANOS} before its time: at 10,000/s, sleeping for each event's 100 µs would
 * cost a thread wake-up per event; this way the generator wakes at most once a millisecond and the rate over any
 * second is still the one asked for.
 */
final class RatePacer {
    static final long SLACK_NANOS = 1_000_000;

    private final Time time;
    private final long intervalNanos;
    private final long started;

    /** {@code rate} events per second, 0 = unpaced (never waits). */
    RatePacer(int rate, Time time) {
        if (rate < 0) {
            throw new IllegalArgumentException("rate must be 0 (unpaced) or more, got " + rate);
        }
        this.time = time;
        this.intervalNanos = rate == 0 ? 0 : 1_000_000_000L / rate;
        this.started = time.nanoTime();
    }

    /** Whether event {@code n} (from 0) is not due yet: the run has a moment to spare. Never, unpaced. */
    boolean isAhead(long n) {
        return intervalNanos != 0 && started + n * intervalNanos - time.nanoTime() > 0;
    }

    /** Waits until event {@code n} (from 0) is due. */
    void awaitTurn(long n) throws InterruptedException {
        if (intervalNanos == 0) {
            return;
        }
        long wait = started + n * intervalNanos - time.nanoTime();
        if (wait > SLACK_NANOS) {
            time.sleep(Duration.ofNanos(wait));
        }
    }
}
