package dev.quiver.sinks.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.arrow.vector.VarCharVector;

/**
 * An observer event as {@link ObserverEventJson#decodeSlices} leaves it: checked like an {@link ObserverEvent}, with
 * its id, type and time as values, and its other text fields (entity type and id, user, organisation, data) as the
 * UTF-8 bytes of the message they came in (or, for a field written with escapes, its own decoded bytes). A batch of
 * them goes into Arrow vectors by copying those bytes ({@link ObserverEventBatch#fillDecoded}), without a
 * {@code String} per field on the way: in the bridge, where each sink's pipeline holds two batches of events in
 * flight, those strings were most of its heap and of its garbage.
 */
public final class DecodedEvent {
    static final int ENTITY_TYPE = 0;
    static final int ENTITY_ID = 1;
    static final int USER_ID = 2;
    static final int ORG_ID = 3;
    static final int DATA = 4;
    static final int SLOTS = 5;

    private final String eventId;
    private final EventType eventType;
    private final long occurredAtMicros;
    /** Per slot: the array holding the field's UTF-8 bytes (the message, or the field's own), null for JSON null. */
    private final byte[][] sources;
    private final int[] offsets;
    private final int[] lengths;

    DecodedEvent(String eventId, EventType eventType, long occurredAtMicros, byte[][] sources, int[] offsets,
                 int[] lengths) {
        this.eventId = eventId;
        this.eventType = eventType;
        this.occurredAtMicros = occurredAtMicros;
        this.sources = sources;
        this.offsets = offsets;
        this.lengths = lengths;
    }

    public String eventId() {
        return eventId;
    }

    public EventType eventType() {
        return eventType;
    }

    /** {@code occurred_at} in microseconds since the epoch (never negative: see {@link ObserverEventJson}). */
    public long occurredAtMicros() {
        return occurredAtMicros;
    }

    /** The bytes of {@code data}, the entity as compact JSON. */
    public int dataBytes() {
        return lengths[DATA];
    }

    /** The same event as an {@link ObserverEvent} (its text fields decoded into strings). */
    public ObserverEvent toEvent() {
        return new ObserverEvent(eventId, eventType, text(ENTITY_TYPE), text(ENTITY_ID),
                Instant.ofEpochSecond(occurredAtMicros / 1_000_000L, occurredAtMicros % 1_000_000L * 1_000L),
                text(USER_ID), text(ORG_ID), text(DATA));
    }

    /** Sets {@code row} of {@code vector} to the field in {@code slot} (null for JSON null). */
    void writeTo(VarCharVector vector, int row, int slot) {
        byte[] source = sources[slot];
        if (source == null) {
            vector.setNull(row);
        } else {
            vector.setSafe(row, source, offsets[slot], lengths[slot]);
        }
    }

    private String text(int slot) {
        byte[] source = sources[slot];
        return source == null ? null : new String(source, offsets[slot], lengths[slot], StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "DecodedEvent[" + eventId + "]";
    }
}
