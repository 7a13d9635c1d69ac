package dev.quiver.flight.history;

import dev.quiver.flight.events.EventColumn;
import dev.quiver.sinks.api.EventType;
import dev.quiver.sinks.clickhouse.EventQuery;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A compiled {@code query { events(entityType:, from:, to:, types:, limit:) { ... } }}.
 *
 * @param entityType the entity type, a plain identifier ({@code [A-Za-z][A-Za-z0-9_]*})
 * @param from       first instant of the window (inclusive)
 * @param to         end of the window (exclusive); not before {@code from}
 * @param types      the event types wanted; never empty
 * @param limit      most rows returned
 * @param columns    the selected fields in selection order, under their result keys
 */
public record HistoryPlan(String entityType, Instant from, Instant to, Set<EventType> types, long limit,
                          List<EventColumn> columns) {
    public HistoryPlan {
        types = Set.copyOf(types);
        columns = List.copyOf(columns);
    }

    /** What to read from the events table. */
    public EventQuery eventQuery() {
        return new EventQuery(entityType, from, to, types, limit);
    }

    /** The Arrow schema of every batch: the same columns a subscription with this selection has. */
    public Schema schema() {
        return new Schema(columns.stream().map(EventColumn::arrowField).collect(Collectors.toList()));
    }
}
