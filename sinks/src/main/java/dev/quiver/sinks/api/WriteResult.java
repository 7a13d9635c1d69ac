package dev.quiver.sinks.api;

import java.util.List;

/**
 * The outcome of one {@link Sink#write}: how many events are stored and which were refused for good.
 *
 * @param stored   events stored durably (including ones the destination already had: writes are idempotent)
 * @param rejected events the destination refused permanently, with the reason, for the dead-letter stream
 */
public record WriteResult(int stored, List<Rejection> rejected) {

    public WriteResult {
        if (stored < 0) {
            throw new IllegalArgumentException("stored must be >= 0 but was " + stored);
        }
        rejected = List.copyOf(rejected);
    }

    public static WriteResult allStored(int count) {
        return new WriteResult(count, List.of());
    }

    /**
     * One event a sink refused permanently.
     *
     * @param row     its row index in the batch
     * @param eventId its event id
     * @param reason  why, in words a person can act on
     */
    public record Rejection(int row, String eventId, String reason) {
    }
}
