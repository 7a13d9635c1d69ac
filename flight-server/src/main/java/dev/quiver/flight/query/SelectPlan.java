package dev.quiver.flight.query;

import dev.quiver.flight.schema.EntityType;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One root field compiled to one parameterised SQL statement and the Arrow schema of its result. Relation
 * columns carry their own {@link RelationPlan}, each run once per batch of rows of the level above.
 *
 * @param entity     the table's entity
 * @param columns    the output columns in result order
 * @param sql        the statement, with {@code ?} placeholders only
 * @param parameters the values bound to the placeholders, in order
 * @param schema     the Arrow schema every batch has
 * @param resultKey  the root field's key in a GraphQL response: its alias, else its name (HTTP's {@code data} key)
 * @param limit      most root rows the statement returns (its {@code LIMIT}): batches need no more room than this
 */
public record SelectPlan(EntityType entity, List<OutputColumn> columns, String sql, List<Object> parameters, Schema schema,
                         String resultKey, long limit) {
    public SelectPlan {
        columns = List.copyOf(columns);
        parameters = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(parameters));
        resultKey = resultKey == null ? entity.rootField() : resultKey;
    }

    /** A plan answered under the root field's own name (no alias). */
    public SelectPlan(EntityType entity, List<OutputColumn> columns, String sql, List<Object> parameters, Schema schema) {
        this(entity, columns, sql, parameters, schema, null, Long.MAX_VALUE);
    }
}
