package dev.quiver.bridge.internal;

import java.time.Duration;

/** Exponential back-off: {@code initial}, then doubling per call up to {@code max}. Not thread-safe. */
public final class Backoff {
    private final Duration max;
    private Duration next;

    public Backoff(Duration initial, Duration max) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("back-off needs 0 < initial <= max, got " + initial + " and " + max);
        }
        this.max = max;
        this.next = initial;
    }

    /** The pause to take now; the following one is twice as long, at most {@code max}. */
    public Duration next() {
        Duration current = next;
        next = current.compareTo(max.dividedBy(2)) > 0 ? max : current.multipliedBy(2);
        return current;
    }
}
