package dev.quiver.flight.mutation;

import dev.quiver.flight.compile.GraphQLDocuments;
import dev.quiver.flight.compile.GraphQLRequest;
import dev.quiver.flight.compile.InvalidRequestException;
import dev.quiver.flight.compile.OutputColumn;
import dev.quiver.flight.compile.QueryLimits;
import dev.quiver.flight.schema.Catalog;
import dev.quiver.flight.schema.ColumnField;
import dev.quiver.flight.schema.EntityType;
import dev.quiver.flight.schema.MutationField;
import graphql.GraphQLError;
import graphql.GraphQLException;
import graphql.execution.RawVariables;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.normalized.ExecutableNormalizedField;
import graphql.normalized.ExecutableNormalizedOperation;
import graphql.normalized.ExecutableNormalizedOperationFactory;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLObjectType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Compiles a GraphQL {@code mutation} request into a {@link MutationPlan}: graphql-java parses, validates and
 * coerces (unknown fields, wrong types and missing required input are refused there), then the one mutation
 * field becomes the columns to write and the result columns. Requests that are not mutations are left to the
 * query compiler ({@link #compile} returns empty).
 */
public final class MutationCompiler {
    private final Catalog catalog;
    private final QueryLimits limits;
    private final Map<String, MutationField> fields;

    public MutationCompiler(Catalog catalog, QueryLimits limits) {
        this.catalog = catalog;
        this.limits = limits;
        this.fields = MutationField.all(catalog.entities(), setters(catalog)).stream()
                .collect(Collectors.toMap(MutationField::name, Function.identity()));
    }

    /**
     * The plan of {@code request} if its operation is a mutation, else empty (a query, or a request the query
     * compiler will reject with the right message: bad syntax, too long, no such operation).
     *
     * @throws InvalidRequestException if it is a mutation that is invalid; the message names the problem
     */
    public Optional<MutationPlan> compile(GraphQLRequest request) {
        String query = request.query();
        if (!query.contains("mutation") || query.length() > limits.maxQueryChars()) {
            return Optional.empty(); // a mutation operation needs the keyword; over-long text is the query compiler's to refuse
        }
        Document document;
        try {
            document = Parser.parse(query);
        } catch (InvalidSyntaxException e) {
            return Optional.empty();
        }
        OperationDefinition operation = selectOperation(document, request.operationName());
        if (operation == null || operation.getOperation() != OperationDefinition.Operation.MUTATION) {
            return Optional.empty();
        }
        if (fields.isEmpty()) {
            throw new InvalidRequestException("this schema has no mutations: no @table type has a key field (id: ID!)");
        }
        GraphQLDocuments.validate(catalog.schema(), document);
        ExecutableNormalizedOperation normalized = normalize(document, operation, request);
        List<ExecutableNormalizedField> roots = normalized.getTopLevelFields().stream()
                .filter(f -> !f.getName().equals("__typename")).collect(Collectors.toList());
        if (roots.size() != 1) {
            throw new InvalidRequestException("a mutation request runs exactly one mutation field, this one has " + roots.size()
                    + " (" + roots.stream().map(ExecutableNormalizedField::getName).collect(Collectors.joining(", "))
                    + "); send one request per mutation");
        }
        return Optional.of(plan(roots.get(0)));
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

    private static OperationDefinition selectOperation(Document document, String operationName) {
        List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class);
        if (operationName != null) {
            return operations.stream().filter(o -> operationName.equals(o.getName())).findFirst().orElse(null);
        }
        return operations.size() == 1 ? operations.get(0) : null;
    }

    private ExecutableNormalizedOperation normalize(Document document, OperationDefinition operation, GraphQLRequest request) {
        try {
            return ExecutableNormalizedOperationFactory.createExecutableNormalizedOperationWithRawVariables(
                    catalog.schema(), document, request.operationName(), RawVariables.of(request.variables()));
        } catch (RuntimeException e) {
            if (e instanceof GraphQLError) {
                String field = InputFieldDiagnosis.locate(catalog.schema(), operation, request.variables())
                        .map(f -> " (field " + f + ")").orElse("");
                throw new InvalidRequestException("invalid variables: " + ((GraphQLError) e).getMessage().strip() + field);
            }
            if (e instanceof GraphQLException) {
                throw new InvalidRequestException("cannot run this mutation: " + e.getMessage());
            }
            throw e;
        }
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
