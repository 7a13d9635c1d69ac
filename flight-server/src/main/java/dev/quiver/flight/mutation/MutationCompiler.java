package dev.quiver.flight.mutation;

import dev.quiver.flight.query.OutputColumn;
import dev.quiver.flight.request.InvalidRequestException;
import dev.quiver.flight.schema.Catalog;
import dev.quiver.flight.schema.ColumnField;
import dev.quiver.flight.schema.EntityType;
import dev.quiver.flight.schema.MutationField;
import graphql.language.OperationDefinition;
import graphql.normalized.ExecutableNormalizedField;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLObjectType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Compiles a GraphQL {@code mutation} request into a {@link MutationPlan}: graphql-java parses, validates and
 * coerces (unknown fields, wrong types and missing required input are refused there) in the request pipeline,
 * then the one mutation field becomes the columns to write and the result columns.
 */
public final class MutationCompiler {
    private final Catalog catalog;
    private final Map<String, MutationField> fields;

    public MutationCompiler(Catalog catalog) {
        this.catalog = catalog;
        this.fields = MutationField.all(catalog.entities(), setters(catalog)).stream()
                .collect(Collectors.toMap(MutationField::name, Function.identity()));
    }

    /**
     * The plan of a mutation's root field (the request pipeline has parsed, validated and normalized it).
     *
     * @throws InvalidRequestException if the mutation cannot run as asked; the message names the problem
     */
    public MutationPlan compile(ExecutableNormalizedField root) {
        if (fields.isEmpty()) {
            throw new InvalidRequestException("this schema has no mutations: no @table type has a key field (id: ID!)");
        }
        return plan(root);
    }

    /**
     * Says which input field a mutation's variables got wrong, when graphql-java's coercion message (in
     * {@code invalid}) does not: {@code invalid variables: ... (field input.total)}.
     */
    public InvalidRequestException explain(InvalidRequestException invalid, OperationDefinition operation,
            Map<String, Object> variables) {
        String field = InputFieldDiagnosis.locate(catalog.schema(), operation, variables)
                .map(f -> " (field " + f + ")").orElse("");
        return field.isEmpty() ? invalid : new InvalidRequestException(invalid.getMessage().strip() + field);
    }

    private MutationPlan plan(ExecutableNormalizedField root) {
        MutationField field = fields.get(root.getName());
        if (field == null) {
            throw new InvalidRequestException("unknown mutation " + root.getName());
        }
        Map<String, Object> args = root.getResolvedArguments();
        Object key = args.get(field.key().name());
        Map<ColumnField, Object> values = new LinkedHashMap<>();
        switch (field.kind()) {
            case CREATE:
                Map<String, Object> created = input(args);
                created.forEach((name, value) -> values.put(column(field.entity(), name), value));
                key = created.get(field.key().name());
                values.entrySet().removeIf(e -> e.getKey().equals(field.key()) && e.getValue() == null);
                break;
            case UPDATE:
                input(args).forEach((name, value) -> values.put(notNullUnlessNullable(field, column(field.entity(), name), value),
                        value));
                if (values.isEmpty()) {
                    throw new InvalidRequestException(field.name() + ": input sets no field; give at least one of "
                            + field.entity().columns().stream().filter(c -> !c.equals(field.key())).map(ColumnField::name)
                            .collect(Collectors.joining(", ")));
                }
                break;
            case SET:
                Object value = args.get(field.setter().name());
                values.put(notNullUnlessNullable(field, field.setter(), value), value);
                break;
            case DELETE:
                break;
            default:
                throw new IllegalStateException("unknown mutation kind " + field.kind());
        }
        List<OutputColumn> columns = new ArrayList<>();
        int position = 1; // the row is read back by column name, so this is only the column's place in the result
        for (ExecutableNormalizedField child : root.getChildren()) {
            columns.add(child.getName().equals("__typename")
                    ? OutputColumn.typename(child.getResultKey(), field.entity().typeName())
                    : OutputColumn.scalar(child.getResultKey(), column(field.entity(), child.getName()), position++));
        }
        return new MutationPlan(field, key, values, columns, schema(columns));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> input(Map<String, Object> args) {
        Object input = args.get("input");
        return input == null ? new LinkedHashMap<>() : new LinkedHashMap<>((Map<String, Object>) input);
    }

    private static ColumnField notNullUnlessNullable(MutationField field, ColumnField column, Object value) {
        if (value == null && !column.nullable()) {
            throw new InvalidRequestException(field.name() + ": " + column.name() + " cannot be null ("
                    + field.entity().typeName() + "." + column.name() + " is non-null); omit it to keep its value");
        }
        return column;
    }

    private static ColumnField column(EntityType entity, String name) {
        return entity.column(name).orElseThrow(() -> new InvalidRequestException("field " + name + " of "
                + entity.typeName() + " cannot be selected in a mutation result: it holds the entity's own columns;"
                + " read relations with a query afterwards"));
    }

    private static java.util.function.BiPredicate<String, String> setters(Catalog catalog) {
        return (type, field) -> {
            GraphQLObjectType object = catalog.schema().getObjectType(type);
            GraphQLFieldDefinition definition = object == null ? null : object.getFieldDefinition(field);
            return definition != null && definition.hasAppliedDirective(MutationField.SETTER_DIRECTIVE);
        };
    }

    private static Schema schema(List<OutputColumn> columns) {
        List<Field> arrowFields = new ArrayList<>();
        for (OutputColumn column : columns) {
            arrowFields.add(column.isTypename()
                    ? new Field(column.resultKey(), new FieldType(false, ArrowType.Utf8.INSTANCE, null), null)
                    : column.field().arrowField(column.resultKey()));
        }
        return new Schema(arrowFields);
    }
}
