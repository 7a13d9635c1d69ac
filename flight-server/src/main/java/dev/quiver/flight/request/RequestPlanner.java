package dev.quiver.flight.request;

import dev.quiver.flight.history.HistoryCompiler;
import dev.quiver.flight.mutation.MutationCompiler;
import dev.quiver.flight.query.SelectCompiler;
import dev.quiver.flight.query.SqlDialect;
import dev.quiver.flight.schema.Catalog;
import dev.quiver.flight.subscription.SubscriptionCompiler;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.normalized.ExecutableNormalizedField;
import graphql.normalized.ExecutableNormalizedOperation;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * The front of the one request path every transport takes: request bytes are {@linkplain #decode decoded} once,
 * and the GraphQL request is {@linkplain #prepare prepared} once into a {@link Plan}:
 * <ol>
 *   <li>parsed and validated through the server's one document cache ({@link Documents});</li>
 *   <li>its operation chosen by GraphQL's rules ({@code operationName}, or the document's only operation);</li>
 *   <li>its variables' numbers checked against {@link dev.quiver.flight.schema.NumberBounds}, then normalized once
 *       with its variables (fragments, aliases and variables resolved), and the normalized operation checked
 *       against the output column, list and nesting budgets ({@link OperationBudget});</li>
 *   <li>compiled by the one compiler of its kind, chosen by the operation's type and root field: a subscription,
 *       a mutation, the {@code events} history query, or a table query.</li>
 * </ol>
 * No step looks at the request's text for words; a request that fails a step gets that step's error, whatever
 * its kind. Thread-safe.
 */
public final class RequestPlanner {
    /** Valid documents kept, by text. */
    public static final int CACHED_DOCUMENTS = 1_000;

    private final Documents documents;
    private final SelectCompiler selects;
    private final HistoryCompiler history;
    private final MutationCompiler mutations;
    private final SubscriptionCompiler subscriptions;
    /** Bytes of variables a request may carry beside its longest accepted text (see {@link #maxRequestBytes}). */
    private static final long VARIABLES_ALLOWANCE = 1L << 20;

    private final LongAdder decoded = new LongAdder();
    private final OperationBudget budget;
    /** Fields the normalization may create before it stops: the output columns, the root and a little slack. */
    private final int maxNormalizedFields;
    private final long maxRequestBytes;

    /** A planner compiling standard SQL (PostgreSQL's). */
    public RequestPlanner(Catalog catalog, QueryLimits limits) {
        this(catalog, limits, SqlDialect.STANDARD);
    }

    /** A planner compiling table queries into {@code dialect}'s SQL (the source's: {@link SqlDialect#of}). */
    public RequestPlanner(Catalog catalog, QueryLimits limits, SqlDialect dialect) {
        this.maxRequestBytes = maxRequestBytes(limits);
        this.documents = new Documents(catalog.schema(), limits, CACHED_DOCUMENTS);
        this.budget = new OperationBudget(limits);
        this.maxNormalizedFields = limits.maxOutputColumns() + 16;
        this.selects = new SelectCompiler(catalog, limits, dialect);
        this.history = new HistoryCompiler(limits);
        this.mutations = new MutationCompiler(catalog);
        this.subscriptions = new SubscriptionCompiler();
    }

    /**
     * The largest request (a Flight ticket or command, an HTTP body) decoded: the longest accepted GraphQL text even
     * if every character is JSON-escaped ({@code \\uXXXX}, 6 bytes), plus 1 MiB of variables. Both transports hold
     * requests to it, so a Flight ticket cannot carry the hundreds of MB of variables an HTTP body may not.
     */
    public static long maxRequestBytes(QueryLimits limits) {
        return 6L * limits.maxQueryChars() + VARIABLES_ALLOWANCE;
    }

    /**
     * Decodes a Flight command or ticket, or an HTTP body: the request JSON and its query id, if any.
     *
     * @throws LimitExceededException when the bytes are more than {@link #maxRequestBytes} (checked before parsing)
     */
    public QueryTicket decode(byte[] bytes) {
        decoded.increment();
        if (bytes.length > maxRequestBytes) {
            throw new LimitExceededException("the request is " + bytes.length + " bytes, more than the " + maxRequestBytes
                    + " this server reads (6 x --max-query-chars plus 1 MiB of variables); send a shorter query or"
                    + " fewer variables");
        }
        return QueryTicket.decode(bytes);
    }

    /**
     * The plan of {@code request}.
     *
     * @throws InvalidRequestException for a request that is not valid GraphQL for this schema, or asks for more or
     *                                 less than one root field
     * @throws dev.quiver.flight.request.LimitExceededException for a request over one of the server's limits
     */
    public Plan prepare(GraphQLRequest request) {
        Document document = documents.get(request.query());
        OperationDefinition operation = operation(document, request.operationName());
        VariableNumbers.check(operation, request.variables());
        ExecutableNormalizedField root = rootField(normalize(document, operation, request), operation);
        budget.check(root);
        switch (operation.getOperation()) {
            case SUBSCRIPTION:
                return new Plan.Subscription(subscriptions.compile(root), root.getResultKey());
            case MUTATION:
                return new Plan.Mutation(mutations.compile(root), root.getResultKey());
            case QUERY:
            default:
                return root.getName().equals(HistoryCompiler.FIELD) ? new Plan.History(history.compile(root), root.getResultKey())
                        : new Plan.Select(selects.compile(root));
        }
    }

    /**
     * The plan of a ticket: its request's, narrowed to the ticket's key range when it has one (an endpoint of a
     * split query, {@link dev.quiver.flight.query.SelectPlan#within}).
     *
     * @throws InvalidRequestException also for a key range on a query that is not split by key
     */
    public Plan prepare(QueryTicket ticket) {
        Plan plan = prepare(ticket.request());
        if (ticket.keyRange() == null) {
            return plan;
        }
        if (plan instanceof Plan.Select select && select.plan().splittable()) {
            return new Plan.Select(select.plan().within(ticket.keyRange()));
        }
        throw new InvalidRequestException("\"" + QueryTicket.KEY_RANGE + "\" applies only to a table query whose"
                + " type has one key column and that has no offset and no order but its key's; use the tickets"
                + " GetFlightInfo hands out");
    }

    /** How many request bytes were decoded since start (one per Flight call or HTTP request that carries one). */
    public long decoded() {
        return decoded.sum();
    }

    /** How many GraphQL texts were parsed since start (the document cache's misses). */
    public long parsed() {
        return documents.parsed();
    }

    /** The operation to run, by GraphQL's rules: the one named {@code name}, else the document's only one. */
    private static OperationDefinition operation(Document document, String name) {
        List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class);
        if (name == null) {
            if (operations.size() == 1) {
                return operations.get(0);
            }
            throw new InvalidRequestException(operations.isEmpty() ? "the document has no operation; send a query,"
                    + " mutation or subscription" : "the document has " + operations.size() + " operations ("
                    + names(operations) + "); say which to run with \"operationName\"");
        }
        return operations.stream().filter(o -> name.equals(o.getName())).findFirst().orElseThrow(() ->
                new InvalidRequestException("the document has no operation named '" + name + "'; it has "
                        + names(operations)));
    }

    private ExecutableNormalizedOperation normalize(Document document, OperationDefinition operation,
            GraphQLRequest request) {
        try {
            return GraphQLDocuments.normalize(documents.schema(), document, request, maxNormalizedFields);
        } catch (graphql.execution.AbortExecutionException e) {
            throw new LimitExceededException(budget.tooManyColumns("more than " + (maxNormalizedFields - 16)));
        } catch (InvalidRequestException e) {
            if (operation.getOperation() == OperationDefinition.Operation.MUTATION) {
                throw mutations.explain(e, operation, request.variables());
            }
            throw e;
        }
    }

    /** The operation's one root field ({@code __typename} aside): each request answers one Arrow stream. */
    private static ExecutableNormalizedField rootField(ExecutableNormalizedOperation normalized,
            OperationDefinition operation) {
        List<ExecutableNormalizedField> roots = normalized.getTopLevelFields().stream()
                .filter(f -> !f.getName().equals("__typename")).collect(Collectors.toList());
        if (roots.size() != 1) {
            String kind = operation.getOperation().name().toLowerCase(java.util.Locale.ROOT);
            throw new InvalidRequestException("a " + kind + " request selects exactly one root field, this one selects "
                    + roots.size() + (roots.isEmpty() ? "" : " (" + roots.stream().map(ExecutableNormalizedField::getName)
                    .collect(Collectors.joining(", ")) + ")") + "; send one request per field: each answers one"
                    + " Arrow stream");
        }
        return roots.get(0);
    }

    private static String names(List<OperationDefinition> operations) {
        return operations.stream().map(o -> o.getName() == null ? "(anonymous)" : o.getName())
                .collect(Collectors.joining(", "));
    }
}
