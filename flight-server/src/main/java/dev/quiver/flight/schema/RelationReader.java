package dev.quiver.flight.schema;

import graphql.language.Argument;
import graphql.language.ArrayValue;
import graphql.language.Directive;
import graphql.language.FieldDefinition;
import graphql.language.ListType;
import graphql.language.NonNullType;
import graphql.language.StringValue;
import graphql.language.Type;
import graphql.language.TypeName;
import graphql.language.Value;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads one relation field, {@code user: User! @relation(fields: ["user_id"], references: ["id"])}, and checks it
 * against the two types: both column lists name mapped columns, pair up one to one with comparable kinds, and a
 * non-null to-one relation has non-null key columns.
 */
final class RelationReader {
    /** Kinds whose keys compare with each other; every other kind pairs only with itself. */
    private static final Set<ScalarKind> INTEGRAL_OR_ID = EnumSet.of(ScalarKind.ID, ScalarKind.INT, ScalarKind.BIGINT);

    private final Map<String, EntityType> entities;

    RelationReader(Map<String, EntityType> entities) {
        this.entities = entities;
    }

    Relation read(EntityType owner, FieldDefinition field) {
        String where = owner.typeName() + "." + field.getName();
        Type<?> type = field.getType();
        boolean nullable = !(type instanceof NonNullType);
        Type<?> inner = unwrap(type);
        boolean toMany = inner instanceof ListType;
        boolean elementNullable = false;
        if (toMany) {
            Type<?> element = ((ListType) inner).getType();
            elementNullable = !(element instanceof NonNullType);
            inner = unwrap(element);
            if (inner instanceof ListType) {
                throw new SchemaException(where + ": lists of lists are not supported");
            }
        }
        EntityType target = entities.get(((TypeName) inner).getName());
        Directive relation = field.getDirectives("relation").stream().findFirst().orElseThrow(() -> new SchemaException(
                where + ": a field of table type " + target.typeName() + " needs @relation(fields: [\"...\"], references:"
                        + " [\"...\"]) naming the key columns of " + owner.table() + " and the columns of " + target.table()
                        + " they match"));
        if (!field.getInputValueDefinitions().isEmpty()) {
            throw new SchemaException(where + ": declare relation fields without arguments; Quiver adds limit, offset,"
                    + " where and orderBy to to-many relations itself");
        }
        if (!field.getDirectives("column").isEmpty()) {
            throw new SchemaException(where + ": @column does not apply to a relation field; its columns are named in @relation");
        }
        List<String> fields = columns(relation, "fields", where);
        List<String> references = columns(relation, "references", where);
        if (fields.size() != references.size()) {
            throw new SchemaException(where + ": @relation has " + fields.size() + " fields " + fields + " but "
                    + references.size() + " references " + references + "; each column of fields pairs with the"
                    + " references column at the same position");
        }
        for (int i = 0; i < fields.size(); i++) {
            ColumnField from = mapped(owner, fields.get(i), where, "fields");
            ColumnField to = mapped(target, references.get(i), where, "references");
            if (!comparable(from.kind(), to.kind())) {
                throw new SchemaException(where + ": key column " + owner.table() + "." + from.column() + " ("
                        + from.kind().graphqlName() + ") cannot match " + target.table() + "." + to.column() + " ("
                        + to.kind().graphqlName() + "); pair columns of the same kind (ID, Int and BigInt also pair"
                        + " with each other, and ID with String)");
            }
            if (!toMany && !nullable && from.nullable()) {
                throw new SchemaException(where + " is non-null (" + target.typeName() + "!) but its key column "
                        + from.column() + " is nullable (" + owner.typeName() + "." + from.name() + ": "
                        + from.kind().graphqlName() + "); declare the relation as " + target.typeName()
                        + " (nullable), or the key field as non-null if the column never holds NULL");
            }
        }
        return new Relation(owner.typeName(), field.getName(), target.typeName(), fields, references, toMany, nullable, elementNullable);
    }

    static Type<?> unwrap(Type<?> type) {
        return type instanceof NonNullType ? ((NonNullType) type).getType() : type;
    }

    /** The named type under any list and non-null wrappers. */
    static String namedType(Type<?> type) {
        Type<?> inner = unwrap(type);
        while (inner instanceof ListType) {
            inner = unwrap(((ListType) inner).getType());
        }
        return ((TypeName) inner).getName();
    }

    private static boolean comparable(ScalarKind a, ScalarKind b) {
        if (a == b) {
            return true;
        }
        if (INTEGRAL_OR_ID.contains(a) && INTEGRAL_OR_ID.contains(b)) {
            return true;
        }
        return a == ScalarKind.ID && b == ScalarKind.STRING || a == ScalarKind.STRING && b == ScalarKind.ID;
    }

    private static ColumnField mapped(EntityType type, String column, String where, String argument) {
        return type.columnNamed(column).orElseThrow(() -> {
            String hint = type.column(column).map(f -> " (field " + f.name() + " maps column " + f.column()
                    + "; @relation names SQL columns)").orElse("");
            return new SchemaException(where + ": @relation(" + argument + ":) names column '" + column + "', which no"
                    + " field of " + type.typeName() + " maps" + hint + "; columns of " + type.table() + ": "
                    + type.columns().stream().map(ColumnField::column).collect(Collectors.joining(", ")));
        });
    }

    private static List<String> columns(Directive relation, String name, String where) {
        Argument argument = relation.getArgument(name);
        if (argument == null) {
            throw new SchemaException(where + ": @relation needs " + name + ": [\"column\", ...]");
        }
        Value<?> value = argument.getValue();
        List<?> values = value instanceof ArrayValue ? ((ArrayValue) value).getValues() : List.of(value);
        List<String> columns = new ArrayList<>();
        for (Object item : values) {
            if (!(item instanceof StringValue)) {
                throw new SchemaException(where + ": @relation(" + name + ":) must be a list of column names as strings");
            }
            String column = ((StringValue) item).getValue();
            if (columns.contains(column)) {
                throw new SchemaException(where + ": @relation(" + name + ":) names column '" + column + "' twice");
            }
            columns.add(column);
        }
        if (columns.isEmpty()) {
            throw new SchemaException(where + ": @relation(" + name + ":) must name at least one column");
        }
        return columns;
    }
}
