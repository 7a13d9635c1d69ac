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
     * Allocates the root for {@code events} at once (rows, and about the bytes of {@code data} and of the other
     * text columns), so filling does not grow every vector several times over.
     */
    private static void allocateFor(VectorSchemaRoot root, List<ObserverEvent> events) {
        int rows = Math.max(1, events.size());
        long dataChars = 0;
        for (ObserverEvent event : events) {
            dataChars += event.data().length();
        }
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
        TimeStampMicroTZVector occurredAt = (TimeStampMicroTZVector) root.getVector(ObserverEventSchema.OCCURRED_AT);
        return new ObserverEvent(
                get(root, ObserverEventSchema.EVENT_ID, row),
                EventType.fromWireName(get(root, ObserverEventSchema.EVENT_TYPE, row)),
                get(root, ObserverEventSchema.ENTITY_TYPE, row),
                get(root, ObserverEventSchema.ENTITY_ID, row),
                Instant.EPOCH.plus(occurredAt.get(row), ChronoUnit.MICROS),
                get(root, ObserverEventSchema.USER_ID, row),
                get(root, ObserverEventSchema.ORG_ID, row),
                get(root, ObserverEventSchema.DATA, row));
    }

    /** Every event of the batch, in row order. */
    public static List<ObserverEvent> readAll(VectorSchemaRoot root) {
        List<ObserverEvent> events = new ArrayList<>(root.getRowCount());
        for (int row = 0; row < root.getRowCount(); row++) {
            events.add(read(root, row));
        }
        return events;
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
        VarCharVector vector = text(root, name);
        return vector.isNull(row) ? null : new String(vector.get(row), StandardCharsets.UTF_8);
    }
}
