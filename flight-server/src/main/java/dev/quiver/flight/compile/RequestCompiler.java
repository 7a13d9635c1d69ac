package dev.quiver.flight.compile;

import dev.quiver.flight.schema.Catalog;
import dev.quiver.flight.schema.EntityType;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.normalized.ExecutableNormalizedField;
import graphql.normalized.ExecutableNormalizedOperation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Compiles a GraphQL request into one {@link SelectPlan}: graphql-java parses and validates (documents are
 * cached), the normalized operation resolves fragments, aliases and variables, the root field becomes a
 * single parameterised SELECT and each relation below it one more statement, run once per batch of parent
 * rows ({@link RelationPlan}). No DataFetcher runs.
 */
public final class RequestCompiler {
    private final Catalog catalog;
    private final QueryLimits limits;
    private final DocumentCache documents;
    private final SelectionCompiler selections;

    public RequestCompiler(Catalog catalog, QueryLimits limits) {
        this.catalog = catalog;
        this.limits = limits;
        this.documents = new DocumentCache(1_000);
        this.selections = new SelectionCompiler(catalog, limits);
    }

    public SelectPlan compile(GraphQLRequest request) {
        if (request.query().length() > limits.maxQueryChars()) {
            throw new LimitExceededException("the query has " + request.query().length() + " characters; this server accepts at most "
                    + limits.maxQueryChars());
        }
        Document document = documents.get(request.query(), this::parseAndValidate);
        ExecutableNormalizedOperation operation = GraphQLDocuments.normalize(catalog.schema(), document, request);
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
        Document document = GraphQLDocuments.parse(query);
        int depth = SelectionDepth.of(document);
        if (depth > limits.maxDepth()) {
            throw new LimitExceededException("the query nests selections " + depth + " levels deep; this server allows "
                    + limits.maxDepth());
        }
        GraphQLDocuments.validate(catalog.schema(), document);
        return document;
    }

    private SelectPlan plan(ExecutableNormalizedField root) {
        EntityType entity = catalog.byRootField(root.getName()).orElseThrow(() ->
                new InvalidRequestException("unknown root field " + root.getName()));
        SelectList select = new SelectList();
        List<OutputColumn> columns = selections.columns(entity, root.getChildren(), select);
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
        // a root list is ordered only when asked to (orderBy) or paged (offset: pages must not overlap); otherwise
        // rows stream in the source's own order from the first one, with no sort of the whole result first
        String orderBy = args.get("orderBy") == null && args.get("offset") == null ? ""
                : " ORDER BY " + Ordering.terms(entity, args.get("orderBy"));
        long limit = Paging.limit(args.get("limit"), limits);
        long offset = Paging.offset(args.get("offset"));
        String page = " LIMIT ? OFFSET ?";
        String sql = "SELECT " + select.sql() + from + orderBy + page;
        parameters.add(limit);
        parameters.add(offset);
        Schema schema = new Schema(columns.stream().map(OutputColumn::arrowField).collect(Collectors.toList()));
        return new SelectPlan(entity, columns, sql, parameters, schema, root.getResultKey());
    }
}
