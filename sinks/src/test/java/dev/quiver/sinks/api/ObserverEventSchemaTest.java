package dev.quiver.sinks.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.Test;

/**
 * Writes events into Arrow vectors and reads them back, in memory and through the IPC stream format. Needs
 * the {@code --add-opens java.base/java.nio} flag the parent pom gives surefire.
 */
class ObserverEventSchemaTest {
    private static final List<ObserverEvent> EVENTS = List.of(
            new ObserverEvent("0b7e7c55-27a4-4d7c-9a1c-5c0f3f3c1a01", EventType.CREATED, "Order", "1001",
                    Instant.parse("2025-03-01T12:00:00.123456Z"), "user-7", "org-3", "{\"id\":1001,\"total\":12.5}"),
            new ObserverEvent("0b7e7c55-27a4-4d7c-9a1c-5c0f3f3c1a02", EventType.DELETED, "Customer", "c-9",
                    Instant.parse("1999-12-31T23:59:59.999999Z"), null, null, "{\"id\":\"c-9\"}"));

    @Test
    void schemaHasTheDesignColumnsInOrder() {
        List<Field> fields = ObserverEventSchema.schema().getFields();

        assertThat(fields).extracting(Field::getName).containsExactly(
                "event_id", "event_type", "entity_type", "entity_id", "occurred_at", "user_id", "org_id", "data");
        assertThat(fields).filteredOn(Field::isNullable).extracting(Field::getName).containsExactly("user_id", "org_id");
        assertThat(fields.get(4).getType()).isEqualTo(new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"));
        assertThat(fields).filteredOn(f -> !f.getName().equals("occurred_at"))
                .allSatisfy(f -> assertThat(f.getType()).isEqualTo(ArrowType.Utf8.INSTANCE));
    }

    @Test
    void twoEventsRoundTripThroughVectorsAndTheIpcStream() throws IOException {
        try (BufferAllocator allocator = new RootAllocator();
             VectorSchemaRoot root = VectorSchemaRoot.create(ObserverEventSchema.schema(), allocator)) {
            write(EVENTS, root);

            assertThat(read(root)).containsExactlyElementsOf(EVENTS);

            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ArrowStreamWriter writer = new ArrowStreamWriter(root, null, Channels.newChannel(bytes))) {
                writer.start();
                writer.writeBatch();
                writer.end();
            }
            try (ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(bytes.toByteArray()), allocator)) {
                assertThat(reader.loadNextBatch()).isTrue();
                VectorSchemaRoot copy = reader.getVectorSchemaRoot();
                assertThat(copy.getSchema()).isEqualTo(ObserverEventSchema.schema());
                assertThat(read(copy)).containsExactlyElementsOf(EVENTS);
                assertThat(reader.loadNextBatch()).isFalse();
            }
        }
    }

    private static void write(List<ObserverEvent> events, VectorSchemaRoot root) {
        root.allocateNew();
        TimeStampMicroTZVector occurredAt = (TimeStampMicroTZVector) root.getVector(ObserverEventSchema.OCCURRED_AT);
        for (int i = 0; i < events.size(); i++) {
            ObserverEvent e = events.get(i);
            set(root, ObserverEventSchema.EVENT_ID, i, e.eventId());
            set(root, ObserverEventSchema.EVENT_TYPE, i, e.eventType().wireName());
            set(root, ObserverEventSchema.ENTITY_TYPE, i, e.entityType());
            set(root, ObserverEventSchema.ENTITY_ID, i, e.entityId());
            occurredAt.setSafe(i, ChronoUnit.MICROS.between(Instant.EPOCH, e.occurredAt()));
            set(root, ObserverEventSchema.USER_ID, i, e.userId());
            set(root, ObserverEventSchema.ORG_ID, i, e.orgId());
            set(root, ObserverEventSchema.DATA, i, e.data());
        }
        root.setRowCount(events.size());
    }

    private static void set(VectorSchemaRoot root, String column, int row, String value) {
        VarCharVector vector = (VarCharVector) root.getVector(column);
        if (value == null) {
            vector.setNull(row);
        } else {
            vector.setSafe(row, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static List<ObserverEvent> read(VectorSchemaRoot root) {
        TimeStampMicroTZVector occurredAt = (TimeStampMicroTZVector) root.getVector(ObserverEventSchema.OCCURRED_AT);
        List<ObserverEvent> events = new ArrayList<>();
        for (int i = 0; i < root.getRowCount(); i++) {
            events.add(new ObserverEvent(
                    get(root, ObserverEventSchema.EVENT_ID, i),
                    EventType.fromWireName(get(root, ObserverEventSchema.EVENT_TYPE, i)),
                    get(root, ObserverEventSchema.ENTITY_TYPE, i),
                    get(root, ObserverEventSchema.ENTITY_ID, i),
                    Instant.EPOCH.plus(occurredAt.get(i), ChronoUnit.MICROS),
                    get(root, ObserverEventSchema.USER_ID, i),
                    get(root, ObserverEventSchema.ORG_ID, i),
                    get(root, ObserverEventSchema.DATA, i)));
        }
        return events;
    }

    private static String get(VectorSchemaRoot root, String column, int row) {
        VarCharVector vector = (VarCharVector) root.getVector(column);
        return vector.isNull(row) ? null : new String(vector.get(row), StandardCharsets.UTF_8);
    }
}
