package dev.quiver.flight.subscription;

import dev.quiver.flight.events.EventColumn;
import dev.quiver.flight.subscription.internal.EventFilter;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A compiled {@code subscription { events(...) { ... } }}: which events, and the columns each batch has.
 *
 * @param filter  the events the subscriber wants
 * @param columns the selected fields in selection order
 */
public record SubscriptionPlan(EventFilter filter, List<EventColumn> columns) {
    public SubscriptionPlan {
        columns = List.copyOf(columns);
    }

    /** The Arrow schema of every batch: one field per column. */
    public Schema schema() {
        return new Schema(columns.stream().map(EventColumn::arrowField).collect(Collectors.toList()));
    }
}
