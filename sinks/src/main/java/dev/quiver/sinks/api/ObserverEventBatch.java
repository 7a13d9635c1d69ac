package dev.quiver.sinks.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Moves {@link ObserverEvent}s in and out of Arrow batches of {@link ObserverEventSchema#schema()}. */
public final class ObserverEventBatch {
    /** Bytes reserved per row for a text column other than {@code data}: a UUID. */
    private static final double ID_BYTES = 36;

    private ObserverEventBatch() {
    }

    /** A new, empty root of the event schema; the caller closes it. */
    public static VectorSchemaRoot create(BufferAllocator allocator) {
        return VectorSchemaRoot.create(ObserverEventSchema.schema(), allocator);
    }

    /** Replaces the root's contents with {@code events}, in order. */
    public static void fill(VectorSchemaRoot root, List<ObserverEvent> events) {
        allocateFor(root, events);
        VarCharVector eventId = text(root, ObserverEventSchema.EVENT_ID);
        VarCharVector eventType = text(root, ObserverEventSchema.EVENT_TYPE);
        VarCharVector entityType = text(root, ObserverEventSchema.ENTITY_TYPE);
        VarCharVector entityId = text(root, ObserverEventSchema.ENTITY_ID);
        TimeStampMicroTZVector occurredAt = (TimeStampMicroTZVector) root.getVector(ObserverEventSchema.OCCURRED_AT);
        VarCharVector userId = text(root, ObserverEventSchema.USER_ID);
        VarCharVector orgId = text(root, ObserverEventSchema.ORG_ID);
        VarCharVector data = text(root, ObserverEventSchema.DATA);
        for (int row = 0; row < events.size(); row++) {
            ObserverEvent event = events.get(row);
            set(eventId, row, event.eventId());
            set(eventType, row, event.eventType().wireName());
            set(entityType, row, event.entityType());
            set(entityId, row, event.entityId());
            occurredAt.setSafe(row, ChronoUnit.MICROS.between(Instant.EPOCH, event.occurredAt()));
            set(userId, row, event.userId());
            set(orgId, row, event.orgId());
            set(data, row, event.data());
        }
        root.setRowCount(events.size());
    }

    /**
     * Replaces the root's contents with {@code events}, in order, copying each text field's bytes from the message
     * it was decoded from.
     */
    public static void fillDecoded(VectorSchemaRoot root, List<DecodedEvent> events) {
        long dataBytes = 0;
        for (DecodedEvent event : events) {
            dataBytes += event.dataBytes();
        }
        allocate(root, events.size(), dataBytes);
        VarCharVector eventId = text(root, ObserverEventSchema.EVENT_ID);
        VarCharVector eventType = text(root, ObserverEventSchema.EVENT_TYPE);
        VarCharVector entityType = text(root, ObserverEventSchema.ENTITY_TYPE);
        VarCharVector entityId = text(root, ObserverEventSchema.ENTITY_ID);
        TimeStampMicroTZVector occurredAt = (TimeStampMicroTZVector) root.getVector(ObserverEventSchema.OCCURRED_AT);
        VarCharVector userId = text(root, ObserverEventSchema.USER_ID);
        VarCharVector orgId = text(root, ObserverEventSchema.ORG_ID);
        VarCharVector data = text(root, ObserverEventSchema.DATA);
        byte[][] typeNames = new byte[EventType.values().length][];
        for (EventType type : EventType.values()) {
            typeNames[type.ordinal()] = type.wireName().getBytes(StandardCharsets.UTF_8);
        }
        for (int row = 0; row < events.size(); row++) {
            DecodedEvent event = events.get(row);
            set(eventId, row, event.eventId());
            eventType.setSafe(row, typeNames[event.eventType().ordinal()]);
            event.writeTo(entityType, row, DecodedEvent.ENTITY_TYPE);
            event.writeTo(entityId, row, DecodedEvent.ENTITY_ID);
            occurredAt.setSafe(row, event.occurredAtMicros());
            event.writeTo(userId, row, DecodedEvent.USER_ID);
            event.writeTo(orgId, row, DecodedEvent.ORG_ID);
            event.writeTo(data, row, DecodedEvent.DATA);
        }
        root.setRowCount(events.size());
    }

    /**
     * Allocates the root for {@code events} at once (rows, and about the bytes of {@code data} and of the other
     * text columns), so filling does not grow every vector several times over.
     */
    private static void allocateFor(VectorSchemaRoot root, List<ObserverEvent> events) {
        long dataChars = 0;
        for (ObserverEvent event : events) {
            dataChars += event.data().length();
        }
        allocate(root, events.size(), dataChars);
    }

    /** Allocates {@code rows} rows, about {@code dataBytes} for {@code data} and a UUID's worth for other text. */
    private static void allocate(VectorSchemaRoot root, int count, long dataChars) {
        int rows = Math.max(1, count);
        for (FieldVector vector : root.getFieldVectors()) {
            if (vector instanceof BaseVariableWidthVector text) {
                double density = ObserverEventSchema.DATA.equals(vector.getName())
                        ? Math.max(1.0, (double) dataChars / rows) : ID_BYTES;
                text.setInitialCapacity(rows, density);
            } else {
                vector.setInitialCapacity(rows);
            }
        }
        root.allocateNew();
    }

    /** The event at {@code row}. */
    public static ObserverEvent read(VectorSchemaRoot root, int row) {
        return new Reader(root).read(row);
    }

    /** Every event of the batch, in row order. */
    public static List<ObserverEvent> readAll(VectorSchemaRoot root) {
        Reader reader = new Reader(root);
        List<ObserverEvent> events = new ArrayList<>(root.getRowCount());
        for (int row = 0; row < root.getRowCount(); row++) {
            events.add(reader.read(row));
        }
        return events;
    }

    /** Reads events row by row, the vectors looked up once (not once per field and row). */
    public static final class Reader {
        private final VarCharVector eventId;
        private final VarCharVector eventType;
        private final VarCharVector entityType;
        private final VarCharVector entityId;
        private final TimeStampMicroTZVector occurredAt;
        private final VarCharVector userId;
        private final VarCharVector orgId;
        private final VarCharVector data;

        public Reader(VectorSchemaRoot root) {
            eventId = text(root, ObserverEventSchema.EVENT_ID);
            eventType = text(root, ObserverEventSchema.EVENT_TYPE);
            entityType = text(root, ObserverEventSchema.ENTITY_TYPE);
            entityId = text(root, ObserverEventSchema.ENTITY_ID);
            occurredAt = (TimeStampMicroTZVector) root.getVector(ObserverEventSchema.OCCURRED_AT);
            userId = text(root, ObserverEventSchema.USER_ID);
            orgId = text(root, ObserverEventSchema.ORG_ID);
            data = text(root, ObserverEventSchema.DATA);
        }

        /**
         * The event at {@code row}.
         *
         * @throws RuntimeException if the row is not a valid event (a required column null, an unknown type, ...)
         */
        public ObserverEvent read(int row) {
            long micros = occurredAt.get(row);
            return new ObserverEvent(
                    get(eventId, row),
                    EventType.fromWireName(get(eventType, row)),
                    get(entityType, row),
                    get(entityId, row),
                    Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000),
                    get(userId, row),
                    get(orgId, row),
                    get(data, row));
        }
    }

    /** The {@code event_id} at {@code row}, without decoding the rest. */
    public static String eventId(VectorSchemaRoot root, int row) {
        return get(root, ObserverEventSchema.EVENT_ID, row);
    }

    private static VarCharVector text(VectorSchemaRoot root, String name) {
        return (VarCharVector) root.getVector(name);
    }

    private static void set(VarCharVector vector, int row, String value) {
        if (value == null) {
            vector.setNull(row);
        } else {
            vector.setSafe(row, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String get(VectorSchemaRoot root, String name, int row) {
        return get(text(root, name), row);
    }

    private static String get(VarCharVector vector, int row) {
        return vector.isNull(row) ? null : new String(vector.get(row), StandardCharsets.UTF_8);
    }
}
