package dev.quiver.flight.outbox;

import java.time.Duration;

/** Exponential backoff: {@code min}, doubling on each failure up to {@code max}; {@link #reset()} after a success. */
public final class Backoff {
    private final Duration min;
    private final Duration max;
    private Duration next;

    public Backoff(Duration min, Duration max) {
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < min <= max, got " + min + ", " + max);
        }
        this.min = min;
        this.max = max;
        this.next = min;
    }

    /** The wait before the next attempt; each call doubles the following one, capped at max. */
    public Duration next() {
        Duration current = next;
        next = next.multipliedBy(2).compareTo(max) > 0 ? max : next.multipliedBy(2);
        return current;
    }

    public void reset() {
        next = min;
    }

    public Duration max() {
        return max;
    }
}
