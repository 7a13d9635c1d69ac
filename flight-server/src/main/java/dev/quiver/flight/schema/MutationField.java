package dev.quiver.flight.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * One root field of the generated {@code Mutation} type. Every {@code @table} type with a key gets
 * {@code create<T>}, {@code update<T>} and {@code delete<T>}; each field marked {@code @setter} also gets
 * {@code update<T><Field>}. The key is the field named {@code id} of type {@code ID!}, else the first
 * {@code ID!} field; a type without one gets no mutations (an event needs an entity id).
 *
 * @param name   the root field, e.g. {@code updateOrderStatus}
 * @param kind   what it does
 * @param entity the type it changes
 * @param key    the entity's key field
 * @param setter the one field a {@link Kind#SET} mutation changes, else null
 */
public record MutationField(String name, Kind kind, EntityType entity, ColumnField key, ColumnField setter) {

    /** What a mutation does to its entity's table. */
    public enum Kind {
        /** INSERT one row from {@code input}. */
        CREATE,
        /** UPDATE the given fields of {@code input} on the row with the key. */
        UPDATE,
        /** UPDATE one {@code @setter} field on the row with the key. */
        SET,
        /** DELETE the row with the key. */
        DELETE
    }

    /** The directive marking a field for its own single-field update mutation. */
    public static final String SETTER_DIRECTIVE = "setter";

    /**
     * The mutations of {@code entities}, in SDL order.
     *
     * @param isSetter whether field ({@code typeName}, {@code fieldName}) carries {@code @setter}
     */
    public static List<MutationField> all(List<EntityType> entities, BiPredicate<String, String> isSetter) {
        Map<String, MutationField> fields = new LinkedHashMap<>();
        for (EntityType entity : entities) {
            Optional<ColumnField> key = keyOf(entity);
            if (key.isEmpty()) {
                for (ColumnField column : entity.columns()) {
                    if (isSetter.test(entity.typeName(), column.name())) {
                        throw new SchemaException(entity.typeName() + "." + column.name() + " has @setter but "
                                + entity.typeName() + " has no key field (id: ID!), so it gets no mutations");
                    }
                }
                continue;
            }
            ColumnField k = key.get();
            add(fields, new MutationField("create" + entity.typeName(), Kind.CREATE, entity, k, null));
            add(fields, new MutationField("update" + entity.typeName(), Kind.UPDATE, entity, k, null));
            for (ColumnField column : entity.columns()) {
                if (isSetter.test(entity.typeName(), column.name())) {
                    if (column.equals(k)) {
                        throw new SchemaException(entity.typeName() + "." + column.name()
                                + " is the key; a key cannot have @setter");
                    }
                    add(fields, new MutationField("update" + entity.typeName() + capitalize(column.name()), Kind.SET,
                            entity, k, column));
                }
            }
            add(fields, new MutationField("delete" + entity.typeName(), Kind.DELETE, entity, k, null));
        }
        return new ArrayList<>(fields.values());
    }

    /** The key of {@code entity}: the field {@code id: ID!}, else its first {@code ID!} field. */
    public static Optional<ColumnField> keyOf(EntityType entity) {
        Optional<ColumnField> id = entity.column("id").filter(MutationField::isKeyCandidate);
        return id.isPresent() ? id : entity.columns().stream().filter(MutationField::isKeyCandidate).findFirst();
    }

    /** The names of the input types this mutation takes, e.g. {@code CreateOrderInput}. */
    public String inputTypeName() {
        switch (kind) {
            case CREATE:
                return "Create" + entity.typeName() + "Input";
            case UPDATE:
                return "Update" + entity.typeName() + "Input";
            default:
                return null;
        }
    }

    private static boolean isKeyCandidate(ColumnField column) {
        return column.kind() == ScalarKind.ID && !column.nullable();
    }

    private static void add(Map<String, MutationField> fields, MutationField field) {
        MutationField clash = fields.putIfAbsent(field.name(), field);
        if (clash != null) {
            throw new SchemaException("two mutations would be named " + field.name() + " (from "
                    + clash.entity().typeName() + " and " + field.entity().typeName() + "); rename a type or field");
        }
    }

    private static String capitalize(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
