package dev.quiver.flight.compile;

import dev.quiver.flight.schema.Catalog;
import dev.quiver.flight.schema.ColumnField;
import dev.quiver.flight.schema.EntityType;
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
import graphql.validation.ValidationError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Compiles a GraphQL request into one {@link SelectPlan}: graphql-java parses and validates (documents are
 * cached), the normalized operation resolves fragments, aliases and variables, and the root field becomes a
 * single parameterised SELECT. No DataFetcher runs.
 */
public final class RequestCompiler {
    private final Catalog catalog;
    private final QueryLimits limits;
    private final DocumentCache documents;

    public RequestCompiler(Catalog catalog, QueryLimits limits) {
        this.catalog = catalog;
        this.limits = limits;
        this.documents = new DocumentCache(1_000);
    }

    public SelectPlan compile(GraphQLRequest request) {
        if (request.query().length() > limits.maxQueryChars()) {
            throw new LimitExceededException("the query has " + request.query().length() + " characters; this server accepts at most "
                    + limits.maxQueryChars());
        }
        Document document = documents.get(request.query(), this::parseAndValidate);
        ExecutableNormalizedOperation operation = normalize(document, request);
        if (operation.getOperation() != OperationDefinition.Operation.QUERY) {
            throw new InvalidRequestException(operation.getOperation().name().toLowerCase(java.util.Locale.ROOT)
                    + " operations are not served yet; send a query");
        }
        List<ExecutableNormalizedField> roots = operation.getTopLevelFields().stream()
                .filter(f -> !f.getName().equals("__typename")).collect(Collectors.toList());
        if (roots.size() != 1) {
            throw new InvalidRequestException("a Flight request selects exactly one root field, this one selects "
                    + roots.size() + " (" + roots.stream().map(ExecutableNormalizedField::getName).collect(Collectors.joining(", "))
                    + "); send one request per field");
        }
        return plan(roots.get(0));
    }

    private Document parseAndValidate(String query) {
        Document document;
        try {
            document = Parser.parse(query);
        } catch (graphql.parser.exceptions.ParseCancelledException e) {
            throw new LimitExceededException("the query is too large or too deeply nested to parse: " + e.getMessage());
        } catch (InvalidSyntaxException e) {
            throw new InvalidRequestException("invalid GraphQL syntax: " + e.getMessage());
        }
        int depth = SelectionDepth.of(document);
        if (depth > limits.maxDepth()) {
            throw new LimitExceededException("the query nests selections " + depth + " levels deep; this server allows "
                    + limits.maxDepth());
        }
        List<ValidationError> errors = graphql.ParseAndValidate.validate(catalog.schema(), document);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(describe(errors));
        }
        return document;
    }

    private ExecutableNormalizedOperation normalize(Document document, GraphQLRequest request) {
        try {
            return ExecutableNormalizedOperationFactory.createExecutableNormalizedOperationWithRawVariables(
                    catalog.schema(), document, request.operationName(), RawVariables.of(request.variables()));
        } catch (RuntimeException e) {
            if (e instanceof GraphQLError) {
                throw new InvalidRequestException("invalid variables: " + ((GraphQLError) e).getMessage());
            }
            if (e instanceof GraphQLException) {
                throw new InvalidRequestException("cannot run this operation: " + e.getMessage());
            }
            throw e;
        }
    }

    private SelectPlan plan(ExecutableNormalizedField root) {
        EntityType entity = catalog.byRootField(root.getName()).orElseThrow(() ->
                new InvalidRequestException("unknown root field " + root.getName()));
        List<OutputColumn> columns = new ArrayList<>();
        for (ExecutableNormalizedField child : root.getChildren()) {
            if (child.getName().equals("__typename")) {
                columns.add(OutputColumn.typename(child.getResultKey(), entity.typeName()));
            } else {
                ColumnField field = entity.column(child.getName()).orElseThrow(() ->
                        new InvalidRequestException("unknown field " + child.getName() + " on " + entity.typeName()));
                columns.add(OutputColumn.of(child.getResultKey(), field));
            }
        }
        Map<String, Object> args = root.getResolvedArguments();
        List<Object> parameters = new ArrayList<>();
        StringBuilder from = new StringBuilder(" FROM ").append(Sql.quote(entity.table()));
        @SuppressWarnings("unchecked")
        Map<String, Object> where = (Map<String, Object>) args.get("where");
        if (where != null) {
            String condition = new WhereCompiler(entity, parameters).compile(where);
            if (condition != null) {
                from.append(" WHERE ").append(condition);
            }
        }
        String orderBy = orderBy(entity, args.get("orderBy"));
        long limit = rowLimit(args.get("limit"));
        long offset = offset(args.get("offset"));
        StringJoiner select = new StringJoiner(", ", "SELECT ", "");
        columns.stream().filter(c -> !c.isTypename()).forEach(c -> select.add(Sql.quote(c.field().column())));
        if (columns.stream().allMatch(OutputColumn::isTypename)) {
            select.add("1");
        }
        String page = " LIMIT ? OFFSET ?";
        String sql = select + from.toString() + orderBy + page;
        String countSql = "SELECT COUNT(*) FROM (SELECT 1" + from + page + ") counted";
        parameters.add(limit);
        parameters.add(offset);
        return new SelectPlan(entity, columns, sql, parameters, schema(columns), countSql, root.getResultKey());
    }

    private long rowLimit(Object limit) {
        if (limit == null) {
            return limits.maxRows();
        }
        long requested = ((Number) limit).longValue();
        if (requested < 0) {
            throw new InvalidRequestException("limit must be 0 or more, got " + requested);
        }
        if (requested > limits.maxRows()) {
            throw new LimitExceededException("limit " + requested + " exceeds this server's maximum of " + limits.maxRows()
                    + " rows per request; ask for fewer rows or page with offset");
        }
        return requested;
    }

    private static long offset(Object offset) {
        long value = offset == null ? 0 : ((Number) offset).longValue();
        if (value < 0) {
            throw new InvalidRequestException("offset must be 0 or more, got " + value);
        }
        return value;
    }

    private static String orderBy(EntityType entity, Object orderBy) {
        if (orderBy == null) {
            return "";
        }
        StringJoiner terms = new StringJoiner(", ", " ORDER BY ", "");
        terms.setEmptyValue("");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) orderBy;
        for (Map<String, Object> item : items) {
            for (Map.Entry<String, Object> term : item.entrySet()) {
                if (term.getValue() == null) {
                    continue;
                }
                ColumnField column = entity.column(term.getKey()).orElseThrow(() ->
                        new InvalidRequestException("unknown orderBy field " + term.getKey()));
                terms.add(Sql.quote(column.column()) + ("DESC".equals(String.valueOf(term.getValue())) ? " DESC" : " ASC"));
            }
        }
        return terms.toString();
    }

    private static Schema schema(List<OutputColumn> columns) {
        List<Field> fields = new ArrayList<>();
        for (OutputColumn column : columns) {
            fields.add(column.isTypename()
                    ? new Field(column.resultKey(), new FieldType(false, ArrowType.Utf8.INSTANCE, null), null)
                    : column.field().arrowField(column.resultKey()));
        }
        return new Schema(fields);
    }

    private static String describe(List<ValidationError> errors) {
        return errors.stream().map(RequestCompiler::describe).collect(Collectors.joining("; "));
    }

    private static String describe(ValidationError error) {
        String message = error.getDescription() != null ? error.getDescription() : error.getMessage();
        if (!error.getLocations().isEmpty()) {
            message += " (line " + error.getLocations().get(0).getLine() + ", column " + error.getLocations().get(0).getColumn() + ")";
        }
        return message;
    }
}
