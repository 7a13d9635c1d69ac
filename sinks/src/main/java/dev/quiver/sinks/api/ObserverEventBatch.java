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
        Columns columns = Columns.of(root);
        for (int row = 0; row < events.size(); row++) {
            ObserverEvent event = events.get(row);
            set(columns.eventId(), row, event.eventId());
            set(columns.eventType(), row, event.eventType().wireName());
            set(columns.entityType(), row, event.entityType());
            set(columns.entityId(), row, event.entityId());
            columns.occurredAt().setSafe(row, ChronoUnit.MICROS.between(Instant.EPOCH, event.occurredAt()));
            set(columns.userId(), row, event.userId());
            set(columns.orgId(), row, event.orgId());
            set(columns.data(), row, event.data());
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
        Columns columns = Columns.of(root);
        byte[][] typeNames = new byte[EventType.values().length][];
        for (EventType type : EventType.values()) {
            typeNames[type.ordinal()] = type.wireName().getBytes(StandardCharsets.UTF_8);
        }
        for (int row = 0; row < events.size(); row++) {
            DecodedEvent event = events.get(row);
            set(columns.eventId(), row, event.eventId());
            columns.eventType().setSafe(row, typeNames[event.eventType().ordinal()]);
            event.writeTo(columns.entityType(), row, DecodedEvent.ENTITY_TYPE);
            event.writeTo(columns.entityId(), row, DecodedEvent.ENTITY_ID);
            columns.occurredAt().setSafe(row, event.occurredAtMicros());
            event.writeTo(columns.userId(), row, DecodedEvent.USER_ID);
            event.writeTo(columns.orgId(), row, DecodedEvent.ORG_ID);
            event.writeTo(columns.data(), row, DecodedEvent.DATA);
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
        private final Columns columns;

        public Reader(VectorSchemaRoot root) {
            columns = Columns.of(root);
        }

        /**
         * The event at {@code row}.
         *
         * @throws RuntimeException if the row is not a valid event (a required column null, an unknown type, ...)
         */
        public ObserverEvent read(int row) {
            long micros = columns.occurredAt().get(row);
            return new ObserverEvent(
                    get(columns.eventId(), row),
                    EventType.fromWireName(get(columns.eventType(), row)),
                    get(columns.entityType(), row),
                    get(columns.entityId(), row),
                    Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000),
                    get(columns.userId(), row),
                    get(columns.orgId(), row),
                    get(columns.data(), row));
        }
    }

    /** The schema's vectors of one root, looked up by name once. */
    private record Columns(VarCharVector eventId, VarCharVector eventType, VarCharVector entityType,
                           VarCharVector entityId, TimeStampMicroTZVector occurredAt, VarCharVector userId,
                           VarCharVector orgId, VarCharVector data) {
        static Columns of(VectorSchemaRoot root) {
            return new Columns(text(root, ObserverEventSchema.EVENT_ID), text(root, ObserverEventSchema.EVENT_TYPE),
                    text(root, ObserverEventSchema.ENTITY_TYPE), text(root, ObserverEventSchema.ENTITY_ID),
                    (TimeStampMicroTZVector) root.getVector(ObserverEventSchema.OCCURRED_AT),
                    text(root, ObserverEventSchema.USER_ID), text(root, ObserverEventSchema.ORG_ID),
                    text(root, ObserverEventSchema.DATA));
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
