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
 * @param relations its {@code @relation} fields, in SDL order
 */
public record EntityType(String typeName, String table, String rootField, List<ColumnField> columns,
                         List<Relation> relations) {
    public EntityType {
        columns = List.copyOf(columns);
        relations = List.copyOf(relations);
        if (columns.isEmpty()) {
            throw new SchemaException("type " + typeName + " has no column fields");
        }
    }

    /** A type without relations. */
    public EntityType(String typeName, String table, String rootField, List<ColumnField> columns) {
        this(typeName, table, rootField, columns, List.of());
    }

    public Optional<ColumnField> column(String fieldName) {
        return columns.stream().filter(c -> c.name().equals(fieldName)).findFirst();
    }

    /** The field mapping SQL column {@code column}, if any. */
    public Optional<ColumnField> columnNamed(String column) {
        return columns.stream().filter(c -> c.column().equals(column)).findFirst();
    }

    public Optional<Relation> relation(String fieldName) {
        return relations.stream().filter(r -> r.name().equals(fieldName)).findFirst();
    }

    /**
     * The columns that order this type's rows deterministically when nothing else does: its first {@code ID}
     * field (the key, by convention), or, without one, every column that can be compared (all but JSON).
     */
    public List<ColumnField> keyOrder() {
        return columns.stream().filter(c -> c.kind() == ScalarKind.ID).findFirst().map(List::of)
                .orElseGet(() -> columns.stream().filter(c -> c.kind() != ScalarKind.JSON).toList());
    }

    EntityType withRelations(List<Relation> relations) {
        return new EntityType(typeName, table, rootField, columns, relations);
    }
}
