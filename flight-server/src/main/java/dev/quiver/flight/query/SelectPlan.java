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
 * @param split      how the root may be read in parts by key range, or {@code null} when it may not
 */
public record SelectPlan(EntityType entity, List<OutputColumn> columns, String sql, List<Object> parameters, Schema schema,
                         String resultKey, long limit, KeySplit split) {
    public SelectPlan {
        columns = List.copyOf(columns);
        parameters = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(parameters));
        resultKey = resultKey == null ? entity.rootField() : resultKey;
    }

    /** A plan that cannot be split. */
    public SelectPlan(EntityType entity, List<OutputColumn> columns, String sql, List<Object> parameters, Schema schema,
                      String resultKey, long limit) {
        this(entity, columns, sql, parameters, schema, resultKey, limit, null);
    }

    /** A plan answered under the root field's own name (no alias). */
    public SelectPlan(EntityType entity, List<OutputColumn> columns, String sql, List<Object> parameters, Schema schema) {
        this(entity, columns, sql, parameters, schema, null, Long.MAX_VALUE);
    }

    /** Whether the root may be read in parts by key range ({@link #within}). */
    public boolean splittable() {
        return split != null;
    }

    /**
     * The part of this plan's answer whose keys are in {@code range}: the same columns and relations, the root
     * statement with {@code key >= lower AND key <= upper} added to its condition, in key order when the query asked
     * for it. The ranges GetFlightInfo hands out cover the first {@link #limit} rows in key order together, so no part
     * needs a limit of its own; this plan's stays as a ceiling.
     *
     * @throws IllegalStateException when the plan cannot be split
     */
    public SelectPlan within(KeyRange range) {
        if (split == null) {
            throw new IllegalStateException("the query of " + resultKey + " cannot be read by key range");
        }
        return new SelectPlan(entity, columns, split.sql(), split.parameters(range, limit), schema, resultKey, limit, null);
    }
}
