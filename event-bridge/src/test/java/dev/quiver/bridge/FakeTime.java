package dev.quiver.bridge;

import java.time.Duration;

/** A clock that only moves when something sleeps on it (or a test advances it). */
final class FakeTime implements Time {
    private long nanos = 1_000_000_000L;
    private long slept;

    @Override
    public synchronized long nanoTime() {
        return nanos;
    }

    @Override
    public synchronized void sleep(Duration duration) {
        nanos += duration.toNanos();
        slept += duration.toNanos();
    }

    synchronized void advance(Duration duration) {
        nanos += duration.toNanos();
    }

    /** Total time spent in {@link #sleep}. */
    synchronized Duration slept() {
        return Duration.ofNanos(slept);
    }
}
