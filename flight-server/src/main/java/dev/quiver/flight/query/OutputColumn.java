package dev.quiver.flight.query;

import dev.quiver.flight.schema.ColumnField;
import java.util.Objects;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * One column of a result under its result key (the alias if given). Exactly one of three kinds:
 * <ul>
 *   <li>a scalar field read from JDBC column {@code jdbcIndex} of its level's statement;</li>
 *   <li>the constant {@code __typename};</li>
 *   <li>a relation: a struct column (to-one) or list of structs (to-many) filled by its own statement.</li>
 * </ul>
 *
 * @param resultKey the Arrow field name
 * @param field     the column-backed field, or null
 * @param jdbcIndex for a scalar, its 1-based index in the level's result set; else -1
 * @param typename  the constant for {@code __typename}, or null
 * @param relation  the relation's plan, or null
 */
public record OutputColumn(String resultKey, ColumnField field, int jdbcIndex, String typename, RelationPlan relation) {
    public OutputColumn {
        Objects.requireNonNull(resultKey, "resultKey");
        int kinds = (field != null ? 1 : 0) + (typename != null ? 1 : 0) + (relation != null ? 1 : 0);
        if (kinds != 1 || (field != null) != (jdbcIndex > 0)) {
            throw new IllegalArgumentException("an output column is a scalar with a JDBC index, a typename or a relation");
        }
    }

    public static OutputColumn scalar(String resultKey, ColumnField field, int jdbcIndex) {
        return new OutputColumn(resultKey, field, jdbcIndex, null, null);
    }

    public static OutputColumn typename(String resultKey, String typeName) {
        return new OutputColumn(resultKey, null, -1, typeName, null);
    }

    public static OutputColumn relation(String resultKey, RelationPlan relation) {
        return new OutputColumn(resultKey, null, -1, null, relation);
    }

    public boolean isScalar() {
        return field != null;
    }

    public boolean isTypename() {
        return typename != null;
    }

    public boolean isRelation() {
        return relation != null;
    }

    /** This column's Arrow field. */
    public Field arrowField() {
        if (isScalar()) {
            return field.arrowField(resultKey);
        }
        if (isTypename()) {
            return new Field(resultKey, new FieldType(false, ArrowType.Utf8.INSTANCE, null), null);
        }
        return relation.arrowField();
    }
}
