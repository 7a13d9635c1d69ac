package dev.quiver.flight.events;

import java.util.List;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Loads events into a root whose fields are a plan's columns, allocating each vector exactly once per batch. */
public final class EventBatchWriter {
    private EventBatchWriter() {
    }

    public static void write(VectorSchemaRoot root, List<EventColumn> columns, List<EventRow> events) {
        int rows = events.size();
        for (int c = 0; c < columns.size(); c++) {
            EventField field = columns.get(c).field();
            if (field.isText()) {
                VarCharVector vector = (VarCharVector) root.getVector(c);
                long bytes = 0;
                for (EventRow event : events) {
                    byte[] value = field.utf8(event);
                    bytes += value == null ? 0 : value.length;
                }
                vector.allocateNew(Math.max(bytes, 1), rows);
                for (int row = 0; row < rows; row++) {
                    byte[] value = field.utf8(events.get(row));
                    if (value == null) {
                        vector.setNull(row);
                    } else {
                        vector.set(row, value);
                    }
                }
            } else {
                TimeStampMicroTZVector vector = (TimeStampMicroTZVector) root.getVector(c);
                vector.allocateNew(rows);
                for (int row = 0; row < rows; row++) {
                    vector.set(row, events.get(row).occurredAtMicros());
                }
            }
        }
        root.setRowCount(rows);
    }
}
