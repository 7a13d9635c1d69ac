package dev.quiver.flight.schema;

import java.util.Objects;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * A GraphQL field backed by one column.
 *
 * @param name      the GraphQL field name
 * @param column    the SQL column (validated identifier)
 * @param kind      the scalar kind, hence the Arrow type
 * @param nullable  false when the SDL type is non-null ({@code String!})
 * @param precision decimal precision (only for {@link ScalarKind#DECIMAL})
 * @param scale     decimal scale (only for {@link ScalarKind#DECIMAL})
 */
public record ColumnField(String name, String column, ScalarKind kind, boolean nullable, int precision, int scale) {
    public static final int DEFAULT_PRECISION = 38;
    public static final int DEFAULT_SCALE = 9;

    public ColumnField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(kind, "kind");
        if (kind == ScalarKind.DECIMAL && (precision < 1 || precision > 38 || scale < 0 || scale > precision)) {
            throw new SchemaException("field " + name + ": decimal precision must be 1..38 and scale 0..precision, got ("
                    + precision + ", " + scale + ")");
        }
    }

    /** The Arrow field of this column in a result whose key is {@code resultKey}. */
    public Field arrowField(String resultKey) {
        return new Field(resultKey, new FieldType(nullable, kind.arrowType(precision, scale), null), null);
    }
}
