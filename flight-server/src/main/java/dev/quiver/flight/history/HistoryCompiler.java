package dev.quiver.flight.history;

import dev.quiver.flight.events.EventColumn;
import dev.quiver.flight.events.EventField;
import dev.quiver.flight.request.InvalidRequestException;
import dev.quiver.flight.request.LimitExceededException;
import dev.quiver.flight.request.QueryLimits;
import dev.quiver.flight.schema.SubscriptionSdl;
import dev.quiver.sinks.api.EventType;
import graphql.normalized.ExecutableNormalizedField;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Compiles the root field of {@code query { events(entityType:, from:, to:, types:, limit:) { ... } }} into a
 * {@link HistoryPlan}. The request pipeline has validated it against the server's schema (unknown fields, wrong
 * types, unknown enum values are refused with graphql-java's message) and resolved aliases, fragments and
 * variables; this class checks what the schema cannot say: entityType is a plain identifier,
 * {@code from <= to}, {@code limit} within the server's maximum.
 */
public final class HistoryCompiler {
    /** The root query field. */
    public static final String FIELD = SubscriptionSdl.EVENTS_FIELD;
    private static final Pattern ENTITY_TYPE = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,127}");

    private final QueryLimits limits;

    public HistoryCompiler(QueryLimits limits) {
        this.limits = limits;
    }

    /**
     * The plan of an {@code events} query's root field (the request pipeline has parsed, validated and normalized
     * it).
     *
     * @throws InvalidRequestException if the arguments are out of range
     * @throws LimitExceededException  if the limit is larger than the server accepts
     */
    public HistoryPlan compile(ExecutableNormalizedField events) {
        List<EventColumn> columns = new ArrayList<>();
        for (ExecutableNormalizedField child : events.getChildren()) {
            EventField field = EventField.ofGraphqlName(child.getName()).orElseThrow(() -> new InvalidRequestException(
                    "unknown field " + child.getName() + " on " + SubscriptionSdl.OBSERVER_EVENT));
            columns.add(new EventColumn(child.getResultKey(), field));
        }
        Map<String, Object> arguments = events.getResolvedArguments();
        String entityType = String.valueOf(arguments.get("entityType"));
        if (!ENTITY_TYPE.matcher(entityType).matches()) {
            throw new InvalidRequestException("events(entityType:) must be a type name (a letter, then letters, digits"
                    + " or _), got '" + entityType + "'");
        }
        Instant from = instant("from", arguments.get("from"));
        Instant to = instant("to", arguments.get("to"));
        if (from.isAfter(to)) {
            throw new InvalidRequestException("events(from: " + from + ", to: " + to + ") ends before it starts;"
                    + " from must not be after to");
        }
        return new HistoryPlan(entityType, from, to, types(arguments.get("types")), limit(arguments.get("limit")), columns);
    }

    private long limit(Object value) {
        if (value == null) {
            return limits.maxRows();
        }
        long limit = ((Number) value).longValue();
        if (limit < 0) {
            throw new InvalidRequestException("events(limit:) must not be negative, got " + limit);
        }
        if (limit > limits.maxRows()) {
            throw new LimitExceededException("limit " + limit + " exceeds this server's maximum of " + limits.maxRows()
                    + " rows");
        }
        return limit;
    }

    private static Set<EventType> types(Object value) {
        if (value == null) {
            return EnumSet.allOf(EventType.class);
        }
        List<?> names = (List<?>) value;
        if (names.isEmpty()) {
            throw new InvalidRequestException("events(types: []) would match no event; leave types out to get every"
                    + " event type, or list some of CREATED, UPDATED, DELETED");
        }
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        names.forEach(name -> types.add(EventType.valueOf(String.valueOf(name))));
        return types;
    }

    private static Instant instant(String name, Object value) {
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        if (value instanceof Instant time) {
            return time;
        }
        try {
            return OffsetDateTime.parse(String.valueOf(value)).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("events(" + name + ":) must be an ISO-8601 instant with offset, e.g."
                    + " 2026-01-31T12:00:00Z, got '" + value + "'");
        }
    }
}
