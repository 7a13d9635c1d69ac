package dev.quiver.flight.schema;

import java.util.List;
import java.util.Optional;

/**
 * A GraphQL object type mapped to a table with {@code @table}.
 *
 * @param typeName  the GraphQL type name, e.g. {@code Order}
 * @param table     the SQL table, e.g. {@code orders}
 * @param rootField the root query field listing it, e.g. {@code orders}
 * @param columns   its column-backed fields, in SDL order
 */
public record EntityType(String typeName, String table, String rootField, List<ColumnField> columns) {
    public EntityType {
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new SchemaException("type " + typeName + " has no column fields");
        }
    }

    public Optional<ColumnField> column(String fieldName) {
        return columns.stream().filter(c -> c.name().equals(fieldName)).findFirst();
    }

}
