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
 * @param ack           how events are acknowledged
 */
public record ConsumeConfig(String stream, String filterSubject, long count, int batchSize, Duration idleTimeout,
                            Ack ack) {
    /** How {@code quiver events consume} acknowledges what it pulls; each is a JetStream consumer ack policy. */
    public enum Ack {
        /** An ack per event (ack policy explicit): what the bridge does. */
        each,
        /** One ack per pull, for its last event, which acknowledges the ones before it (ack policy all). */
        last,
        /** No acks (ack policy none). */
        none
    }

    public ConsumeConfig {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(ack, "ack");
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
