package dev.quiver.flight.outbox;

import java.util.List;

/**
 * What one {@link EventPublisher#publish} achieved.
 *
 * @param acked      the messages the stream acknowledged (stored now or earlier)
 * @param duplicates how many of them the stream had already stored (a re-publish after a crash)
 * @param failure    why the other messages were not acknowledged, or null when all were
 */
public record PublishOutcome(List<OutboxMessage> acked, int duplicates, EventPublishException failure) {
    public PublishOutcome {
        acked = List.copyOf(acked);
    }

    public static PublishOutcome allAcked(List<OutboxMessage> acked, int duplicates) {
        return new PublishOutcome(acked, duplicates, null);
    }
}
