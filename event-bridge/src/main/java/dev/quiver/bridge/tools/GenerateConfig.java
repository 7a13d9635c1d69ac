package dev.quiver.bridge.tools;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@code quiver events generate} runs ({@link GenerateCommand} declares the flags).
 *
 * @param subjectPrefix events go to {@code <prefix>.<entity_type>.<event_type>}
 * @param count         events to publish
 * @param rate          events per second, 0 = as fast as JetStream acknowledges
 * @param payloadBytes  approximate size of each event's {@code data}
 * @param entityType    entity type of the events
 * @param maxInFlight   publishes awaiting their JetStream ack
 * @param seed          makes the event ids and contents repeatable ({@code null}: random)
 * @param summaryJson   also write the summary to this file ({@code null}: none)
 * @param ackTimeout    longest wait for a JetStream acknowledgement before the run fails
 */
public record GenerateConfig(String subjectPrefix, long count, int rate, int payloadBytes, String entityType,
                             int maxInFlight, Long seed, Path summaryJson, Duration ackTimeout) {
    public GenerateConfig {
        Objects.requireNonNull(subjectPrefix, "subjectPrefix");
        if (count < 0) {
            throw new IllegalArgumentException("--count must be 0 or more, got " + count);
        }
        if (rate < 0) {
            throw new IllegalArgumentException("--rate must be 0 (unlimited) or more, got " + rate);
        }
        if (payloadBytes < 0 || payloadBytes > 1_000_000) {
            throw new IllegalArgumentException("--payload-bytes must be 0..1000000, got " + payloadBytes);
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("--max-in-flight must be at least 1, got " + maxInFlight);
        }
        if (entityType == null || !entityType.matches("[A-Za-z][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("--entity-type must be a name like Order, got '" + entityType + "'");
        }
        if (ackTimeout == null || ackTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("--ack-timeout must be at least 1ms, got " + ackTimeout);
        }
    }
}
