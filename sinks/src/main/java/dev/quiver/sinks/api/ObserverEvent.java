package dev.quiver.sinks.api;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * One observer event: an entity was created, updated or deleted. The same contract travels through NATS,
 * Arrow batches ({@link ObserverEventSchema}), ClickHouse and Elasticsearch.
 *
 * @param eventId    a UUID, unique per event; the NATS {@code Nats-Msg-Id}, the Elasticsearch {@code _id} and
 *                   the ClickHouse de-duplication key
 * @param eventType  what happened
 * @param entityType the kind of entity, e.g. {@code Order}
 * @param entityId   the entity's key
 * @param occurredAt when it happened; kept at microsecond precision (the Arrow and ClickHouse column precision)
 * @param userId     who did it, or {@code null}
 * @param orgId      on behalf of which organisation, or {@code null}
 * @param data       the entity after the change, as JSON
 */
public record ObserverEvent(String eventId, EventType eventType, String entityType, String entityId,
                            Instant occurredAt, String userId, String orgId, String data) {

    public ObserverEvent {
        Objects.requireNonNull(eventId, "eventId");
        try {
            UUID.fromString(eventId);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("eventId must be a UUID but was '" + eventId + "'", e);
        }
        Objects.requireNonNull(eventType, "eventType");
        requireText("entityType", entityType);
        requireText("entityId", entityId);
        occurredAt = Objects.requireNonNull(occurredAt, "occurredAt").truncatedTo(ChronoUnit.MICROS);
        requireText("data", data);
    }

    private static void requireText(String name, String value) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
