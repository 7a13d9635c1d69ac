package dev.quiver.sinks.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ObserverEventBatchTest {
    private static final List<ObserverEvent> EVENTS = List.of(
            new ObserverEvent("0b7e7c55-27a4-4d7c-9a1c-5c0f3f3c1a01", EventType.CREATED, "Order", "1001",
                    Instant.parse("2025-03-01T12:00:00.123456Z"), "user-7", "org-3", "{\"id\":1001,\"note\":\"ü\"}"),
            new ObserverEvent("0b7e7c55-27a4-4d7c-9a1c-5c0f3f3c1a02", EventType.DELETED, "Customer", "c-9",
                    Instant.parse("1969-07-20T20:17:40Z"), null, null, "{}"),
            new ObserverEvent("0b7e7c55-27a4-4d7c-9a1c-5c0f3f3c1a03", EventType.UPDATED, "Order", "1001",
                    Instant.parse("2025-03-01T12:00:01Z"), null, "org-3", "{\"id\":1001,\"status\":\"SHIPPED\"}"));

    private final BufferAllocator allocator = new RootAllocator();

    @AfterEach
    void noLeaks() {
        allocator.close();
    }

    @Test
    void eventsRoundTripThroughABatch() {
        try (VectorSchemaRoot root = ObserverEventBatch.create(allocator)) {
            ObserverEventBatch.fill(root, EVENTS);

            assertThat(root.getSchema()).isEqualTo(ObserverEventSchema.schema());
            assertThat(root.getRowCount()).isEqualTo(3);
            assertThat(ObserverEventBatch.readAll(root)).containsExactlyElementsOf(EVENTS);
            assertThat(ObserverEventBatch.read(root, 1)).isEqualTo(EVENTS.get(1));
            assertThat(ObserverEventBatch.eventId(root, 2)).isEqualTo(EVENTS.get(2).eventId());
        }
    }

    /** Messages whose text fields take each path: plain slices, escapes, non-ASCII, non-compact data, nulls. */
    private static final List<String> MESSAGES = List.of(
            "{\"event_id\":\"0b7e7c55-27a4-4d7c-9a1c-5c0f3f3c1a01\",\"event_type\":\"created\","
                    + "\"entity_type\":\"Order\",\"entity_id\":\"42\",\"occurred_at\":\"2025-03-01T12:00:00.123456789Z\","
                    + "\"user_id\":\"u-1\",\"org_id\":null,\"data\":{\"id\":42,\"note\":\"\\\"q\\\" ü\"}}",
            "{\"data\": {\n  \"id\": 7,\n  \"tags\": [\"a\", \"b\"]\n},\"org_id\":\"org-\\u00e9\",\"user_id\":\"usér\","
                    + "\"occurred_at\":\"2025-03-01T12:00:00+01:00\",\"entity_id\":\"c\\/9\",\"entity_type\":\"Cust\\u006fmer\","
                    + "\"event_type\":\"deleted\",\"event_id\":\"0b7e7c55-27a4-4d7c-9a1c-5c0f3f3c1a02\"}",
            "{\"event_id\":\"0b7e7c55-27a4-4d7c-9a1c-5c0f3f3c1a03\",\"event_type\":\"updated\",\"entity_type\":\"\u6CE8\u6587\","
                    + "\"entity_id\":\"\uD83D\uDE00\",\"occurred_at\":\"1970-01-01T00:00:00Z\",\"data\":{}}");

    @Test
    void decodedEventsFillABatchAsTheirObserverEventsDo() throws Exception {
        List<DecodedEvent> decoded = new java.util.ArrayList<>();
        List<ObserverEvent> events = new java.util.ArrayList<>();
        for (String message : MESSAGES) {
            byte[] bytes = message.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            decoded.add(ObserverEventJson.decodeSlices(bytes, ObserverEventJson.MAX_EVENT_BYTES));
            events.add(ObserverEventJson.decode(bytes));
        }
        assertThat(decoded).extracting(DecodedEvent::toEvent).containsExactlyElementsOf(events);
        assertThat(events.get(1).entityType()).isEqualTo("Customer");
        assertThat(events.get(1).data()).isEqualTo("{\"id\":7,\"tags\":[\"a\",\"b\"]}");
        try (VectorSchemaRoot fromDecoded = ObserverEventBatch.create(allocator);
             VectorSchemaRoot fromEvents = ObserverEventBatch.create(allocator)) {
            ObserverEventBatch.fillDecoded(fromDecoded, decoded);
            ObserverEventBatch.fill(fromEvents, events);

            assertThat(ObserverEventBatch.readAll(fromDecoded)).containsExactlyElementsOf(events);
            assertThat(fromDecoded.contentToTSVString()).isEqualTo(fromEvents.contentToTSVString());
        }
    }

    @Test
    void missingUserAndOrgAreArrowNulls() {
        try (VectorSchemaRoot root = ObserverEventBatch.create(allocator)) {
            ObserverEventBatch.fill(root, EVENTS);

            assertThat(root.getVector(ObserverEventSchema.USER_ID).isNull(1)).isTrue();
            assertThat(root.getVector(ObserverEventSchema.ORG_ID).isNull(1)).isTrue();
            assertThat(root.getVector(ObserverEventSchema.USER_ID).isNull(2)).isTrue();
            assertThat(root.getVector(ObserverEventSchema.ORG_ID).isNull(2)).isFalse();
        }
    }

    @Test
    void fillingAgainReplacesTheContents() {
        try (VectorSchemaRoot root = ObserverEventBatch.create(allocator)) {
            ObserverEventBatch.fill(root, EVENTS);
            ObserverEventBatch.fill(root, List.of(EVENTS.get(2)));

            assertThat(ObserverEventBatch.readAll(root)).containsExactly(EVENTS.get(2));

            ObserverEventBatch.fill(root, List.of());
            assertThat(root.getRowCount()).isZero();
            assertThat(ObserverEventBatch.readAll(root)).isEmpty();
        }
    }

    @Test
    void aBatchOfManyEventsGrowsItsVectors() {
        List<ObserverEvent> many = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            many.add(new ObserverEvent(new UUID(7, i).toString(), EventType.CREATED, "Order", "o-" + i,
                    Instant.ofEpochSecond(1_700_000_000L + i, i * 1_000L), "u", null, "{\"i\":" + i + "}"));
        }
        try (VectorSchemaRoot root = ObserverEventBatch.create(allocator)) {
            ObserverEventBatch.fill(root, many);

            assertThat(ObserverEventBatch.readAll(root)).containsExactlyElementsOf(many);
        }
    }

    @Test
    void readingARowThatIsNotAValidEventFails() {
        try (VectorSchemaRoot root = ObserverEventBatch.create(allocator)) {
            ObserverEventBatch.fill(root, EVENTS);
            // the last row, so rewriting it leaves the other rows' offsets intact
            ((VarCharVector) root.getVector(ObserverEventSchema.EVENT_TYPE)).setSafe(2, "moved".getBytes());

            assertThat(ObserverEventBatch.read(root, 1)).isEqualTo(EVENTS.get(1));
            assertThatThrownBy(() -> ObserverEventBatch.read(root, 2))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'moved'");
        }
    }
}
