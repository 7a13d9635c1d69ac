package dev.quiver.flight.mutation;

import dev.quiver.flight.query.OutputColumn;
import dev.quiver.sinks.api.ObserverEvent;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A committed mutation: the entity's row after the change (before it, for a delete) and the event recorded with it.
 *
 * @param plan  what ran
 * @param row   every field of the entity
 * @param event the observer event committed to the outbox in the same transaction
 */
public record MutationResult(MutationPlan plan, EntityRow row, ObserverEvent event) {

    /** The selected fields by result key (aliases applied), for transports that answer in JSON. */
    public Map<String, Object> selection() {
        Map<String, Object> selected = new LinkedHashMap<>();
        for (OutputColumn column : plan.columns()) {
            selected.put(column.resultKey(), column.isTypename() ? column.typename() : row.get(column.field().name()));
        }
        return Collections.unmodifiableMap(selected);
    }
}
