package dev.quiver.flight.compile;

import dev.quiver.flight.schema.ColumnField;

/**
 * One column of a result: a selected field under its result key (the alias if given), or the constant
 * {@code __typename}.
 *
 * @param resultKey the Arrow field name
 * @param field     the column-backed field, or null for {@code __typename}
 * @param typename  the constant for {@code __typename}, else null
 */
public record OutputColumn(String resultKey, ColumnField field, String typename) {
    public static OutputColumn of(String resultKey, ColumnField field) {
        return new OutputColumn(resultKey, field, null);
    }

    public static OutputColumn typename(String resultKey, String typeName) {
        return new OutputColumn(resultKey, null, typeName);
    }

    public boolean isTypename() {
        return field == null;
    }
}
