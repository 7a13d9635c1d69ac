package dev.quiver.flight.query;

import dev.quiver.flight.schema.EntityType;
import dev.quiver.flight.schema.Relation;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * One relation of a request compiled to the one statement that reads it for a whole batch of parent rows.
 *
 * <p>The statement's first {@code relation.arity()} placeholders take one SQL array each: the distinct parent key
 * values of the batch, column by column, joined as {@code FROM UNNEST(?, ...) AS "quiver_keys"(...) JOIN "target"
 * ON ...}. The remaining placeholders take {@link #parameters()} in order. A to-many relation's rows come back
 * ordered by parent key, then in the relation's order (its {@code orderBy}, then the target's key order), so that
 * grouping them by key keeps that order per parent.
 *
 * @param relation         the relation in the schema
 * @param target           the type it reads
 * @param columns          the output columns of each target row: the struct's children, in result order
 * @param sql              the statement, with {@code ?} placeholders only
 * @param boundedSql       for a single reference column: the statement with {@code ref BETWEEN ? AND ?} too, its two
 *                         placeholders right after the key array (the smallest and the largest key, for integer
 *                         keys); null for composite references
 * @param parameters       the values bound after the key arrays
 * @param parentKeyIndexes JDBC indexes, in the parent level's result set, of {@code relation.fields()}
 * @param keyIndexes       JDBC indexes, in this statement's result set, of {@code relation.references()}
 * @param arrowField       the column's Arrow field: {@code struct} (to-one) or {@code list<struct>} (to-many)
 */
public record RelationPlan(Relation relation, EntityType target, List<OutputColumn> columns, String sql,
                           String boundedSql, List<Object> parameters, List<Integer> parentKeyIndexes, List<Integer> keyIndexes,
                           Field arrowField) {
    public RelationPlan {
        columns = List.copyOf(columns);
        parameters = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(parameters));
        parentKeyIndexes = List.copyOf(parentKeyIndexes);
        keyIndexes = List.copyOf(keyIndexes);
    }

    /** The struct field of one target row: the column itself for to-one, the list's element for to-many. */
    public Field rowField() {
        return relation.toMany() ? arrowField.getChildren().get(0) : arrowField;
    }
}
