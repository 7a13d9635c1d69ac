package dev.quiver.flight;

import java.time.Duration;

/**
 * How much one server takes on at once and how long one query may run.
 *
 * @param maxStreams   {@code --max-streams N} [QUIVER_MAX_STREAMS]: result streams served at once; one more is
 *                     refused with RESOURCE_EXHAUSTED (default 64)
 * @param queryTimeout {@code --query-timeout D} [QUIVER_QUERY_TIMEOUT]: longest a query may take from its first SQL
 *                     to its last batch; beyond it the stream ends with TIMED_OUT (default 5 minutes)
 */
public record CallLimits(int maxStreams, Duration queryTimeout) {
    public static final CallLimits DEFAULTS = new CallLimits(64, Duration.ofMinutes(5));

    public CallLimits {
        if (maxStreams < 1) {
            throw new IllegalArgumentException("--max-streams must be at least 1, got " + maxStreams);
        }
        if (queryTimeout == null || queryTimeout.isNegative() || queryTimeout.isZero()) {
            throw new IllegalArgumentException("--query-timeout must be positive, got " + queryTimeout);
        }
    }
}
