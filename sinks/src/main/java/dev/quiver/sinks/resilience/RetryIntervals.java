package dev.quiver.sinks.resilience;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import java.util.Objects;

/**
 * The waits of the retry loops that run until they succeed or are stopped (the bridge's pipeline, the server's
 * outbox relay), as resilience4j {@link IntervalFunction}s: attempt {@code n} (from 1) waits {@code apply(n)}
 * milliseconds. The loops keep their own attempt count (and start it again after a success).
 */
public final class RetryIntervals {
    /** From attempt 64 on, any start of at least 1 ms has doubled past every maximum. */
    private static final int LAST_DOUBLING = 64;

    private RetryIntervals() {
    }

    /**
     * {@code initial}, doubling per attempt, at most {@code max}; no jitter, so a test can assert the waits.
     * Attempts past the 64th count as the 64th, so an endless retry neither overflows nor slows down.
     *
     * @throws IllegalArgumentException unless 1 ms &lt;= {@code initial} &lt;= {@code max}
     */
    public static IntervalFunction doubling(Duration initial, Duration max) {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.toMillis() < 1) {
            throw new IllegalArgumentException("a retry wait must be at least 1 ms, got " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("the maximum wait (" + max + ") must not be below the initial wait ("
                    + initial + ")");
        }
        IntervalFunction exponential = IntervalFunction.ofExponentialBackoff(initial, 2.0, max);
        return attempt -> exponential.apply(Math.min(attempt, LAST_DOUBLING));
    }
}
