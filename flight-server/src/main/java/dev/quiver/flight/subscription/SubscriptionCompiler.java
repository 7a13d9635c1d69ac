package dev.quiver.flight.subscription;

import dev.quiver.flight.events.EventColumn;
import dev.quiver.flight.events.EventField;
import dev.quiver.flight.request.InvalidRequestException;
import dev.quiver.flight.schema.SubscriptionSdl;
import dev.quiver.flight.subscription.internal.EventFilter;
import dev.quiver.sinks.api.EventType;
import graphql.normalized.ExecutableNormalizedField;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles the root field of a {@code subscription { events(entityType:, types:) { ... } }} request into a
 * {@link SubscriptionPlan}. The request pipeline has validated it against the server's schema (unknown fields,
 * wrong argument types and unknown enum values are refused with graphql-java's message) and resolved aliases,
 * fragments and variables.
 */
public final class SubscriptionCompiler {
    /**
     * The plan of a subscription's root field.
     *
     * @throws InvalidRequestException if it selects a field an event does not have, or no event type
     */
    public SubscriptionPlan compile(ExecutableNormalizedField events) {
        List<EventColumn> columns = new ArrayList<>();
        for (ExecutableNormalizedField child : events.getChildren()) {
            EventField field = EventField.ofGraphqlName(child.getName()).orElseThrow(() ->
                    new InvalidRequestException("unknown field " + child.getName() + " on " + SubscriptionSdl.OBSERVER_EVENT));
            columns.add(new EventColumn(child.getResultKey(), field));
        }
        return new SubscriptionPlan(filter(events.getResolvedArguments()), columns);
    }

    private static EventFilter filter(Map<String, Object> arguments) {
        Object entityType = arguments.get("entityType");
        Object types = arguments.get("types");
        Set<EventType> eventTypes = null;
        if (types != null) {
            List<?> names = (List<?>) types;
            if (names.isEmpty()) {
                throw new InvalidRequestException("events(types: []) would match no event; leave types out to get every"
                        + " event type, or list some of CREATED, UPDATED, DELETED");
            }
            eventTypes = EnumSet.noneOf(EventType.class);
            for (Object name : names) {
                eventTypes.add(EventType.valueOf(String.valueOf(name)));
            }
        }
        return new EventFilter(entityType == null ? null : entityType.toString(), eventTypes);
    }
}
