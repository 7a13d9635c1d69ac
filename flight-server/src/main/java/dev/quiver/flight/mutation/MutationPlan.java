package dev.quiver.flight.mutation;

import dev.quiver.flight.query.OutputColumn;
import dev.quiver.flight.schema.ColumnField;
import dev.quiver.flight.schema.MutationField;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One compiled mutation, ready to run.
 *
 * @param field    the mutation root field
 * @param key      the key of the row to change (update, set, delete; a create's key when the input gives one),
 *                 else null
 * @param values   the columns to write and their coerced values, in input order (create, update, set); a null
 *                 value writes SQL NULL
 * @param columns  the selected fields of the result, in result order
 * @param schema   the Arrow schema of the one-row result
 */
public record MutationPlan(MutationField field, Object key, Map<ColumnField, Object> values, List<OutputColumn> columns,
                           Schema schema) {
    public MutationPlan {
        Objects.requireNonNull(field, "field");
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        columns = List.copyOf(columns);
        Objects.requireNonNull(schema, "schema");
    }
}
