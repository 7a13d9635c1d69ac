package dev.quiver.flight.subscription.internal;

import dev.quiver.flight.events.EventRow;
import dev.quiver.sinks.api.EventType;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which events a subscriber wants: {@code events(entityType:, types:)}. An absent filter matches everything;
 * when both are given an event must match both.
 *
 * @param entityType the exact entity type, or null for every type
 * @param types      the event types, or null for all three
 */
public record EventFilter(String entityType, Set<EventType> types) {
    public static final EventFilter ALL = new EventFilter(null, null);

    public EventFilter {
        if (types != null) {
            if (types.isEmpty()) {
                throw new IllegalArgumentException("types must not be empty; leave it out to get every event type");
            }
            types = Set.copyOf(EnumSet.copyOf(types));
        }
    }

    public boolean matches(EventRow event) {
        return (entityType == null || entityType.equals(event.entityType()))
                && (types == null || types.contains(event.type()));
    }
}
