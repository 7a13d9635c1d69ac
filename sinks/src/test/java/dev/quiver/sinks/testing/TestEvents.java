package dev.quiver.sinks.testing;

import dev.quiver.sinks.api.EventType;
import dev.quiver.sinks.api.ObserverEvent;
import dev.quiver.sinks.api.ObserverEventBatch;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Realistic observer events for tests: seeded, so a failing run can be repeated. */
public final class TestEvents {
    private static final String[] ENTITY_TYPES = {"Order", "Customer", "Product", "Invoice"};
    private static final EventType[] TYPES = EventType.values();

    private final Random random;

    public TestEvents(long seed) {
        this.random = new Random(seed);
    }

    /** {@code count} events with occurred_at spread evenly over [{@code from}, {@code from + span}). */
    public List<ObserverEvent> events(int count, Instant from, Duration span) {
        List<ObserverEvent> events = new ArrayList<>(count);
        long stepMicros = Math.max(1, span.toNanos() / 1_000 / Math.max(1, count));
        for (int i = 0; i < count; i++) {
            Instant at = from.plusNanos(i * stepMicros * 1_000 + random.nextInt(1_000) * 1_000L);
            events.add(event(at));
        }
        return events;
    }

    /** One event at {@code occurredAt} with a small order-like {@code data} object (about 150 bytes). */
    public ObserverEvent event(Instant occurredAt) {
        String entityType = ENTITY_TYPES[random.nextInt(ENTITY_TYPES.length)];
        int id = random.nextInt(1_000_000);
        String data = "{\"id\":" + id + ",\"status\":\"" + (random.nextBoolean() ? "NEW" : "SHIPPED")
                + "\",\"total\":" + (random.nextInt(100_000) / 100.0) + ",\"customer\":{\"id\":\"c-"
                + random.nextInt(10_000) + "\",\"name\":\"Customer " + random.nextInt(500) + "\"},\"lines\":"
                + (1 + random.nextInt(9)) + ",\"note\":\"line one\\nline \\\"two\\\"\"}";
        return new ObserverEvent(new UUID(random.nextLong(), random.nextLong()).toString(),
                TYPES[random.nextInt(TYPES.length)], entityType, String.valueOf(id), occurredAt,
                random.nextInt(4) == 0 ? null : "user-" + random.nextInt(100),
                random.nextInt(4) == 0 ? null : "org-" + random.nextInt(10), data);
    }

    /** A new root holding {@code events}; the caller closes it. */
    public static VectorSchemaRoot batch(BufferAllocator allocator, List<ObserverEvent> events) {
        VectorSchemaRoot root = ObserverEventBatch.create(allocator);
        ObserverEventBatch.fill(root, events);
        return root;
    }
}
