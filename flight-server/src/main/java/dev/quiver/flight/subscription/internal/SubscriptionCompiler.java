package dev.quiver.flight.subscription.internal;

import dev.quiver.flight.compile.GraphQLDocuments;
import dev.quiver.flight.compile.GraphQLRequest;
import dev.quiver.flight.compile.InvalidRequestException;
import dev.quiver.flight.compile.LimitExceededException;
import dev.quiver.flight.events.EventColumn;
import dev.quiver.flight.events.EventField;
import dev.quiver.flight.schema.SubscriptionSdl;
import dev.quiver.sinks.api.EventType;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.normalized.ExecutableNormalizedField;
import graphql.normalized.ExecutableNormalizedOperation;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Compiles a {@code subscription { events(entityType:, types:) { ... } }} request into a {@link SubscriptionPlan}:
 * graphql-java parses and validates it against the server's schema (so unknown fields, wrong argument types and
 * unknown enum values are refused with graphql-java's message), the normalized operation resolves aliases,
 * fragments and variables. Valid documents are cached by their text: ten thousand subscribers sending the same
 * document are validated once.
 */
public final class SubscriptionCompiler {
    private static final int CACHED_DOCUMENTS = 256;

    private final GraphQLSchema schema;
    private final int maxQueryChars;
    private final Map<String, Document> documents = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Document> eldest) {
            return size() > CACHED_DOCUMENTS;
        }
    };

    public SubscriptionCompiler(GraphQLSchema schema, int maxQueryChars) {
        this.schema = schema;
        this.maxQueryChars = maxQueryChars;
    }

    /**
     * Whether the request's operation is a subscription. Cheap for queries (a text check); a document that does
     * not parse is not a subscription here, so the query path reports its syntax error.
     */
    public boolean isSubscription(GraphQLRequest request) {
        String query = request.query();
        if (!query.contains("subscription") || query.length() > maxQueryChars) {
            return false;
        }
        Document document;
        synchronized (documents) {
            document = documents.get(query);
        }
        if (document == null) {
            try {
                document = Parser.parse(query);
            } catch (RuntimeException e) {
                return false;
            }
        }
        List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class);
        OperationDefinition chosen = null;
        for (OperationDefinition operation : operations) {
            if (request.operationName() == null ? operations.size() == 1 : request.operationName().equals(operation.getName())) {
                chosen = operation;
            }
        }
        return chosen != null && chosen.getOperation() == OperationDefinition.Operation.SUBSCRIPTION;
    }

    /**
     * Compiles a subscription request.
     *
     * @throws InvalidRequestException if it is not valid against the schema (the message names the problem)
     * @throws LimitExceededException  if the text is longer than the server accepts
     */
    public SubscriptionPlan compile(GraphQLRequest request) {
        if (request.query().length() > maxQueryChars) {
            throw new LimitExceededException("the query has " + request.query().length()
                    + " characters; this server accepts at most " + maxQueryChars);
        }
        ExecutableNormalizedOperation operation = GraphQLDocuments.normalize(schema, document(request.query()), request);
        if (operation.getOperation() != OperationDefinition.Operation.SUBSCRIPTION) {
            throw new InvalidRequestException("expected a subscription operation, got "
                    + operation.getOperation().name().toLowerCase(java.util.Locale.ROOT));
        }
        List<ExecutableNormalizedField> roots = operation.getTopLevelFields().stream()
                .filter(f -> !f.getName().equals("__typename")).collect(Collectors.toList());
        if (roots.size() != 1 || !roots.get(0).getName().equals(SubscriptionSdl.EVENTS_FIELD)) {
            throw new InvalidRequestException("a subscription selects exactly one field, "
                    + SubscriptionSdl.EVENTS_FIELD + "(entityType:, types:) { ... }");
        }
        ExecutableNormalizedField events = roots.get(0);
        List<EventColumn> columns = new ArrayList<>();
        for (ExecutableNormalizedField child : events.getChildren()) {
            EventField field = EventField.ofGraphqlName(child.getName()).orElseThrow(() ->
                    new InvalidRequestException("unknown field " + child.getName() + " on " + SubscriptionSdl.OBSERVER_EVENT));
            columns.add(new EventColumn(child.getResultKey(), field));
        }
        return new SubscriptionPlan(filter(events.getResolvedArguments()), columns);
    }

    private static EventFilter filter(Map<String, Object> arguments) {
        Object entityType = arguments.get("entityType");
        Object types = arguments.get("types");
        Set<EventType> eventTypes = null;
        if (types != null) {
            List<?> names = (List<?>) types;
            if (names.isEmpty()) {
                throw new InvalidRequestException("events(types: []) would match no event; leave types out to get every"
                        + " event type, or list some of CREATED, UPDATED, DELETED");
            }
            eventTypes = EnumSet.noneOf(EventType.class);
            for (Object name : names) {
                eventTypes.add(EventType.valueOf(String.valueOf(name)));
            }
        }
        return new EventFilter(entityType == null ? null : entityType.toString(), eventTypes);
    }

    private Document document(String query) {
        synchronized (documents) {
            Document cached = documents.get(query);
            if (cached != null) {
                return cached;
            }
        }
        Document document = GraphQLDocuments.parse(query);
        GraphQLDocuments.validate(schema, document);
        synchronized (documents) {
            documents.put(query, document);
        }
        return document;
    }
}
