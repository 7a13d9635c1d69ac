package dev.quiver.sinks.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.sinks.api.EventType;
import dev.quiver.sinks.api.ObserverEvent;
import dev.quiver.sinks.api.ObserverEventBatch;
import dev.quiver.sinks.api.ObserverEventSchema;
import dev.quiver.sinks.api.WriteResult;
import dev.quiver.sinks.api.WriteResult.Rejection;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DecodedBatchTest {
    private final BufferAllocator allocator = new RootAllocator();

    @AfterEach
    void noLeaks() {
        allocator.close();
    }

    private static ObserverEvent event(int i, Instant at) {
        return new ObserverEvent(new UUID(1, i).toString(), EventType.CREATED, "Order", "o-" + i, at,
                null, null, "{}");
    }

    @Test
    void invalidRowsAndRowsTheCheckRefusesAreRejectedTheRestAccepted() {
        Instant ok = Instant.parse("2025-01-01T00:00:00Z");
        Instant tooOld = Instant.parse("1960-01-01T00:00:00Z");
        try (VectorSchemaRoot root = ObserverEventBatch.create(allocator)) {
            ObserverEventBatch.fill(root, List.of(event(0, ok), event(1, tooOld), event(2, ok), event(3, ok)));
            // the last row, so rewriting it leaves the other rows' offsets intact
            ((VarCharVector) root.getVector(ObserverEventSchema.EVENT_ID)).setSafe(3, "not-a-uuid".getBytes());

            DecodedBatch decoded = DecodedBatch.decode(root, e -> e.occurredAt().isBefore(Instant.EPOCH) ? "too old" : null);

            assertThat(decoded.accepted()).extracting(DecodedBatch.Row::index).containsExactly(0, 2);
            assertThat(decoded.rejected()).containsExactly(
                    new Rejection(1, event(1, tooOld).eventId(), "too old"),
                    new Rejection(3, "not-a-uuid", "not a valid observer event: eventId must be a UUID but was 'not-a-uuid'"));
            WriteResult result = decoded.result(List.of(new Rejection(0, event(0, ok).eventId(), "refused")));
            assertThat(result.stored()).isEqualTo(1);
            assertThat(result.rejected()).extracting(Rejection::row).containsExactly(0, 1, 3);
        }
    }

    @Test
    void aBatchOfAnotherSchemaIsRefused() {
        Schema other = new Schema(List.of(new Field("id", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));
        try (VectorSchemaRoot root = VectorSchemaRoot.create(other, allocator)) {
            assertThatThrownBy(() -> DecodedBatch.decode(root, e -> null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("batch schema must be ObserverEventSchema.schema()");
        }
    }
}
