package dev.quiver.flight.request;

import graphql.language.Document;
import graphql.schema.GraphQLSchema;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server's one place that turns GraphQL text into a checked document: the text's length is checked, then it is
 * parsed, its nesting depth checked on the syntax (cheap, before validation), and it is validated against the
 * schema. Valid documents are cached by their text (least recently used evicted first), so a GetFlightInfo and the
 * DoGet that follows it, or ten thousand subscribers sending the same document, parse it once. Invalid documents
 * are not cached: each attempt reports its error.
 */
public final class Documents {
    private final GraphQLSchema schema;
    private final QueryLimits limits;
    private final Map<String, Document> cache;
    private final LongAdder parsed = new LongAdder();

    public Documents(GraphQLSchema schema, QueryLimits limits, int capacity) {
        this.schema = schema;
        this.limits = limits;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Document> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * The validated document of {@code query}, from the cache or parsed now.
     *
     * @throws dev.quiver.flight.request.InvalidRequestException for a syntax or validation error
     * @throws LimitExceededException                            for text that is too long or nests too deep
     */
    public Document get(String query) {
        if (query.length() > limits.maxQueryChars()) {
            throw new LimitExceededException("the query has " + query.length() + " characters; this server accepts at"
                    + " most " + limits.maxQueryChars());
        }
        synchronized (cache) {
            Document cached = cache.get(query);
            if (cached != null) {
                return cached;
            }
        }
        Document document = parseAndValidate(query);
        synchronized (cache) {
            cache.put(query, document);
        }
        return document;
    }

    /** How many texts have been parsed since start: cache misses, valid or not. */
    public long parsed() {
        return parsed.sum();
    }

    public GraphQLSchema schema() {
        return schema;
    }

    private Document parseAndValidate(String query) {
        parsed.increment();
        Document document = GraphQLDocuments.parse(query);
        int depth = SelectionDepth.of(document);
        if (depth > limits.maxDepth()) {
            throw new LimitExceededException("the query nests selections " + depth + " levels deep; this server allows "
                    + limits.maxDepth());
        }
        GraphQLDocuments.validate(schema, document);
        return document;
    }
}
