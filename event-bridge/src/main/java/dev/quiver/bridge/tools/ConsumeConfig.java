package dev.quiver.bridge.tools;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@code quiver events consume} runs ({@link ConsumeCommand} declares the flags).
 *
 * @param stream        the events stream
 * @param filterSubject the consumer's filter, e.g. {@code quiver.events.>} or {@code quiver.events.Order.>}
 * @param count         events to pull and acknowledge
 * @param batchSize     events asked for by one pull request (the bridge's batch size)
 * @param idleTimeout   longest wait for the next event before the run fails
 */
public record ConsumeConfig(String stream, String filterSubject, long count, int batchSize, Duration idleTimeout) {
    public ConsumeConfig {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(filterSubject, "filterSubject");
        if (count < 1) {
            throw new IllegalArgumentException("--count must be at least 1, got " + count);
        }
        if (batchSize < 1 || batchSize > 100_000) {
            throw new IllegalArgumentException("--batch-size must be 1..100000, got " + batchSize);
        }
        if (idleTimeout == null || idleTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("--idle-timeout must be at least 1ms, got " + idleTimeout);
        }
    }
}
