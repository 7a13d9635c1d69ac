package dev.quiver.flight.outbox;

import java.util.Objects;

/**
 * One unsent row of the outbox, as the relay publishes it.
 *
 * @param id      the row's sequence number (publishing follows it)
 * @param eventId the event's UUID, sent as {@code Nats-Msg-Id} so JetStream drops a re-publish
 * @param subject the NATS subject
 * @param payload the event's JSON ({@link dev.quiver.sinks.api.ObserverEventJson})
 */
public record OutboxMessage(long id, String eventId, String subject, String payload) {
    public OutboxMessage {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(payload, "payload");
    }
}
