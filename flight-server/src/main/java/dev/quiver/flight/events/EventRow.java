package dev.quiver.flight.events;

import dev.quiver.sinks.api.EventType;
import dev.quiver.sinks.api.ObserverEvent;
import dev.quiver.sinks.api.ObserverEventJson;
import dev.quiver.sinks.api.PoisonEventException;
import java.nio.charset.StandardCharsets;

/**
 * An observer event made ready for Arrow once: its text fields already UTF-8 (what Arrow's utf8 vectors hold) and
 * its time in microseconds, so writing it into a batch only copies bytes. A live event is decoded once and shared
 * by every subscriber; a past one (history) is converted as it is read. Immutable.
 */
public final class EventRow {
    private static final int OVERHEAD_BYTES = 128;

    private final EventType type;
    private final String entityType;
    private final long occurredAtMicros;
    private final byte[] eventId;
    private final byte[] entityTypeUtf8;
    private final byte[] entityId;
    private final byte[] userId;
    private final byte[] orgId;
    private final byte[] data;
    private final long retainedBytes;

    private EventRow(ObserverEvent event) {
        this.type = event.eventType();
        this.entityType = event.entityType();
        this.occurredAtMicros = Math.addExact(Math.multiplyExact(event.occurredAt().getEpochSecond(), 1_000_000L),
                event.occurredAt().getNano() / 1_000);
        this.eventId = utf8(event.eventId());
        this.entityTypeUtf8 = utf8(event.entityType());
        this.entityId = utf8(event.entityId());
        this.userId = utf8(event.userId());
        this.orgId = utf8(event.orgId());
        this.data = utf8(event.data());
        this.retainedBytes = OVERHEAD_BYTES + 2L * entityType.length() + eventId.length + entityTypeUtf8.length
                + entityId.length + length(userId) + length(orgId) + data.length;
    }

    /** Decodes a NATS message with the event contract's codec. */
    public static EventRow decode(byte[] message) throws PoisonEventException {
        return of(ObserverEventJson.decode(message));
    }

    public static EventRow of(ObserverEvent event) {
        return new EventRow(event);
    }

    public EventType type() {
        return type;
    }

    public String entityType() {
        return entityType;
    }

    public long occurredAtMicros() {
        return occurredAtMicros;
    }

    byte[] eventId() {
        return eventId;
    }

    byte[] entityTypeUtf8() {
        return entityTypeUtf8;
    }

    byte[] entityId() {
        return entityId;
    }

    /** Null when the event has no user. */
    byte[] userId() {
        return userId;
    }

    /** Null when the event has no organisation. */
    byte[] orgId() {
        return orgId;
    }

    byte[] data() {
        return data;
    }

    /** About how much heap this event holds, for the per-subscriber byte limit. */
    public long retainedBytes() {
        return retainedBytes;
    }

    private static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }
}
