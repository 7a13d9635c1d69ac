package dev.quiver.flight.history.internal;

import dev.quiver.flight.compile.GraphQLDocuments;
import dev.quiver.flight.compile.GraphQLRequest;
import dev.quiver.flight.compile.InvalidRequestException;
import dev.quiver.flight.compile.LimitExceededException;
import dev.quiver.flight.compile.QueryLimits;
import dev.quiver.flight.events.EventColumn;
import dev.quiver.flight.events.EventField;
import dev.quiver.flight.history.HistoryPlan;
import dev.quiver.flight.schema.SubscriptionSdl;
import dev.quiver.sinks.api.EventType;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import graphql.normalized.ExecutableNormalizedField;
import graphql.normalized.ExecutableNormalizedOperation;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Compiles {@code query { events(entityType:, from:, to:, types:, limit:) { ... } }} into a {@link HistoryPlan}:
 * graphql-java validates it against the server's schema (unknown fields, wrong types, unknown enum values are
 * refused with its message) and resolves aliases, fragments and variables; this class checks what the schema
 * cannot say: entityType is a plain identifier, {@code from <= to}, {@code limit} within the server's maximum.
 */
public final class HistoryCompiler {
    /** The root query field. */
    public static final String FIELD = SubscriptionSdl.EVENTS_FIELD;
    private static final Pattern ENTITY_TYPE = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,127}");

    private final GraphQLSchema schema;
    private final QueryLimits limits;

    public HistoryCompiler(GraphQLSchema schema, QueryLimits limits) {
        this.schema = schema;
        this.limits = limits;
    }

    /**
     * Whether the request is a query whose root selection names {@code events}. Cheap for other queries (a text
     * check); a document that does not parse is not ours, so the table query path reports its syntax error.
     */
    public boolean handles(GraphQLRequest request) {
        String query = request.query();
        if (!query.contains(FIELD) || query.length() > limits.maxQueryChars()) {
            return false;
        }
        Document document;
        try {
            document = Parser.parse(query);
        } catch (RuntimeException e) {
            return false;
        }
        List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class);
        for (OperationDefinition operation : operations) {
            boolean chosen = request.operationName() == null ? operations.size() == 1
                    : request.operationName().equals(operation.getName());
            if (chosen) {
                return operation.getOperation() == OperationDefinition.Operation.QUERY
                        && operation.getSelectionSet().getSelectionsOfType(Field.class).stream()
                        .anyMatch(f -> f.getName().equals(FIELD));
            }
        }
        return false;
    }

    /**
     * @throws InvalidRequestException if the request is not a valid {@code events} query
     * @throws LimitExceededException  if the text or the limit is larger than the server accepts
     */
    public HistoryPlan compile(GraphQLRequest request) {
        if (request.query().length() > limits.maxQueryChars()) {
            throw new LimitExceededException("the query has " + request.query().length()
                    + " characters; this server accepts at most " + limits.maxQueryChars());
        }
        ExecutableNormalizedOperation operation = GraphQLDocuments.normalize(schema, validated(request.query()), request);
        List<ExecutableNormalizedField> roots = operation.getTopLevelFields().stream()
                .filter(f -> !f.getName().equals("__typename")).collect(Collectors.toList());
        if (roots.size() != 1 || !roots.get(0).getName().equals(FIELD)) {
            throw new InvalidRequestException("an events query selects exactly one root field, " + FIELD
                    + "(entityType:, from:, to:) { ... }; send other root fields in their own request");
        }
        ExecutableNormalizedField events = roots.get(0);
        List<EventColumn> columns = new ArrayList<>();
        for (ExecutableNormalizedField child : events.getChildren()) {
            EventField field = EventField.ofGraphqlName(child.getName()).orElseThrow(() -> new InvalidRequestException(
                    "unknown field " + child.getName() + " on " + SubscriptionSdl.OBSERVER_EVENT));
            columns.add(new EventColumn(child.getResultKey(), field));
        }
        Map<String, Object> arguments = events.getResolvedArguments();
        String entityType = String.valueOf(arguments.get("entityType"));
        if (!ENTITY_TYPE.matcher(entityType).matches()) {
            throw new InvalidRequestException("events(entityType:) must be a type name (a letter, then letters, digits"
                    + " or _), got '" + entityType + "'");
        }
        Instant from = instant("from", arguments.get("from"));
        Instant to = instant("to", arguments.get("to"));
        if (from.isAfter(to)) {
            throw new InvalidRequestException("events(from: " + from + ", to: " + to + ") ends before it starts;"
                    + " from must not be after to");
        }
        return new HistoryPlan(entityType, from, to, types(arguments.get("types")), limit(arguments.get("limit")), columns);
    }

    private long limit(Object value) {
        if (value == null) {
            return limits.maxRows();
        }
        long limit = ((Number) value).longValue();
        if (limit < 0) {
            throw new InvalidRequestException("events(limit:) must not be negative, got " + limit);
        }
        if (limit > limits.maxRows()) {
            throw new LimitExceededException("limit " + limit + " exceeds this server's maximum of " + limits.maxRows()
                    + " rows");
        }
        return limit;
    }

    private static Set<EventType> types(Object value) {
        if (value == null) {
            return EnumSet.allOf(EventType.class);
        }
        List<?> names = (List<?>) value;
        if (names.isEmpty()) {
            throw new InvalidRequestException("events(types: []) would match no event; leave types out to get every"
                    + " event type, or list some of CREATED, UPDATED, DELETED");
        }
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        names.forEach(name -> types.add(EventType.valueOf(String.valueOf(name))));
        return types;
    }

    private static Instant instant(String name, Object value) {
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        if (value instanceof Instant time) {
            return time;
        }
        try {
            return OffsetDateTime.parse(String.valueOf(value)).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("events(" + name + ":) must be an ISO-8601 instant with offset, e.g."
                    + " 2026-01-31T12:00:00Z, got '" + value + "'");
        }
    }

    private Document validated(String query) {
        Document document = GraphQLDocuments.parse(query);
        GraphQLDocuments.validate(schema, document);
        return document;
    }
}
