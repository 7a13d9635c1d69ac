package dev.quiver.flight.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.sinks.api.EventType;
import dev.quiver.sinks.api.ObserverEvent;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

class EventBatchWriterTest {
    private static final String EVENT_ID = "7f1c9a52-3b2e-4c39-9a57-2f1d8e4b6c10";
    private static final Instant OCCURRED_AT = Instant.parse("2024-05-01T12:00:00.123456789Z");

    @Test
    void everyFieldBecomesItsArrowValueUnderItsResultKey() {
        List<EventColumn> columns = Arrays.stream(EventField.values())
                .map(field -> new EventColumn("k_" + field.graphqlName(), field)).collect(Collectors.toList());
        EventRow row = EventRow.of(new ObserverEvent(EVENT_ID, EventType.UPDATED, "Order", "o-1", OCCURRED_AT,
                "u-1", "org-1", "{\"total\":12}"));

        try (BufferAllocator allocator = new RootAllocator();
             VectorSchemaRoot root = VectorSchemaRoot.create(schema(columns), allocator)) {
            EventBatchWriter.write(root, columns, List.of(row));

            assertThat(root.getRowCount()).isEqualTo(1);
            assertThat(text(root, "k_eventId")).isEqualTo(EVENT_ID);
            assertThat(text(root, "k_eventType")).isEqualTo("UPDATED");
            assertThat(text(root, "k_entityType")).isEqualTo("Order");
            assertThat(text(root, "k_entityId")).isEqualTo("o-1");
            assertThat(((TimeStampMicroTZVector) root.getVector("k_occurredAt")).get(0))
                    .isEqualTo(OCCURRED_AT.getEpochSecond() * 1_000_000L + 123_456);
            assertThat(text(root, "k_userId")).isEqualTo("u-1");
            assertThat(text(root, "k_orgId")).isEqualTo("org-1");
            assertThat(text(root, "k_data")).isEqualTo("{\"total\":12}");
            assertThat(text(root, "k___typename")).isEqualTo("ObserverEvent");
        }
    }

    @Test
    void anEventWithoutUserOrOrganisationHasNullsThere() {
        List<EventColumn> columns = List.of(new EventColumn("user", EventField.USER_ID),
                new EventColumn("org", EventField.ORG_ID), new EventColumn("id", EventField.ENTITY_ID));
        List<EventRow> rows = List.of(
                EventRow.of(new ObserverEvent(EVENT_ID, EventType.CREATED, "Order", "o-1", OCCURRED_AT, null, null, "{}")),
                EventRow.of(new ObserverEvent(EVENT_ID, EventType.CREATED, "Order", "o-2", OCCURRED_AT, "u-2", "org-2",
                        "{}")));

        try (BufferAllocator allocator = new RootAllocator();
             VectorSchemaRoot root = VectorSchemaRoot.create(schema(columns), allocator)) {
            EventBatchWriter.write(root, columns, rows);

            assertThat(root.getRowCount()).isEqualTo(2);
            assertThat(root.getVector("user").isNull(0)).isTrue();
            assertThat(root.getVector("org").isNull(0)).isTrue();
            assertThat(root.getVector("user").getObject(1)).hasToString("u-2");
            assertThat(root.getVector("org").getObject(1)).hasToString("org-2");
            assertThat(root.getVector("id").getObject(0)).hasToString("o-1");
        }
    }

    private static Schema schema(List<EventColumn> columns) {
        return new Schema(columns.stream().map(EventColumn::arrowField).collect(Collectors.toList()));
    }

    private static String text(VectorSchemaRoot root, String key) {
        return root.getVector(key).getObject(0).toString();
    }
}
