package dev.quiver.sinks.clickhouse;

import dev.quiver.sinks.api.EventType;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which stored events to read back: those of one entity type that occurred in {@code [from, to)}, of the given
 * types, at most {@code limit} of them, ordered by {@code occurred_at, event_id}.
 *
 * @param entityType a plain identifier (ClickHouse 18.16 has no query parameters, so it is written into the SQL)
 */
public record EventQuery(String entityType, Instant from, Instant to, Set<EventType> types, long limit) {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    public EventQuery {
        if (entityType == null || !IDENTIFIER.matcher(entityType).matches()) {
            throw new IllegalArgumentException("entityType must be an identifier (letters, digits, _), got '"
                    + entityType + "'");
        }
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (types == null || types.isEmpty()) {
            throw new IllegalArgumentException("types must name at least one event type");
        }
        types = Set.copyOf(EnumSet.copyOf(types));
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, got " + limit);
        }
    }
}
