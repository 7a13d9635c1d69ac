package dev.quiver.flight.events;

import dev.quiver.flight.schema.SubscriptionSdl;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * The fields of the GraphQL {@code ObserverEvent} type and the Arrow column each one becomes: ID, String, JSON
 * and the {@code EventType} enum are utf8 (the enum as its GraphQL value, upper-case {@code CREATED}), DateTime is
 * timestamp[µs, UTC]; {@code __typename} is the constant {@code ObserverEvent}.
 */
public enum EventField {
    EVENT_ID("eventId", false, EventRow::eventId),
    EVENT_TYPE("eventType", false, e -> EventTypeNames.UPPER[e.type().ordinal()]),
    ENTITY_TYPE("entityType", false, EventRow::entityTypeUtf8),
    ENTITY_ID("entityId", false, EventRow::entityId),
    OCCURRED_AT("occurredAt", false, null),
    USER_ID("userId", true, EventRow::userId),
    ORG_ID("orgId", true, EventRow::orgId),
    DATA("data", false, EventRow::data),
    TYPENAME("__typename", false, e -> EventTypeNames.TYPENAME);

    private static final ArrowType TIMESTAMP = new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");

    private final String graphqlName;
    private final boolean nullable;
    private final Function<EventRow, byte[]> utf8;

    EventField(String graphqlName, boolean nullable, Function<EventRow, byte[]> utf8) {
        this.graphqlName = graphqlName;
        this.nullable = nullable;
        this.utf8 = utf8;
    }

    public static Optional<EventField> ofGraphqlName(String name) {
        return Arrays.stream(values()).filter(f -> f.graphqlName.equals(name)).findFirst();
    }

    public String graphqlName() {
        return graphqlName;
    }

    public boolean nullable() {
        return nullable;
    }

    public ArrowType arrowType() {
        return this == OCCURRED_AT ? TIMESTAMP : ArrowType.Utf8.INSTANCE;
    }

    /** Whether the column is utf8 (every field but {@link #OCCURRED_AT}). */
    boolean isText() {
        return utf8 != null;
    }

    /** The UTF-8 value of a text field, or null when the event has none. */
    byte[] utf8(EventRow event) {
        return utf8.apply(event);
    }

    private static final class EventTypeNames {
        static final byte[][] UPPER = Arrays.stream(dev.quiver.sinks.api.EventType.values())
                .map(t -> t.name().getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        static final byte[] TYPENAME = SubscriptionSdl.OBSERVER_EVENT.getBytes(StandardCharsets.UTF_8);
    }
}
