package dev.quiver.flight.request;

import graphql.language.Document;
import graphql.schema.GraphQLSchema;
import java.util.LinkedHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server's one place that turns GraphQL text into a checked document: the text's length is checked, then it is
 * parsed, its nesting depth checked on the syntax (cheap, before validation), and it is validated against the
 * schema. Valid documents are cached by their text (least recently used evicted first), so a GetFlightInfo and the
 * DoGet that follows it, or ten thousand subscribers sending the same document, parse it once. Invalid documents
 * are not cached: each attempt reports its error. The cache is bounded by entries and by the total characters of
 * the texts it keeps ({@link QueryLimits#maxCachedQueryChars()}): a parsed document takes a few tens of bytes of
 * heap per character, so a thousand wide documents would otherwise pin gigabytes (security review M9).
 */
public final class Documents {
    private final GraphQLSchema schema;
    private final QueryLimits limits;
    /** Least recently used first; guarded by itself. */
    private final LinkedHashMap<String, Document> cache = new LinkedHashMap<>(16, 0.75f, true);
    private final int capacity;
    /** Total characters of the cached texts; guarded by {@link #cache}. */
    private long cachedChars;
    private final LongAdder parsed = new LongAdder();

    public Documents(GraphQLSchema schema, QueryLimits limits, int capacity) {
        this.schema = schema;
        this.limits = limits;
        this.capacity = capacity;
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
            if (cache.put(query, document) == null) {
                cachedChars += query.length();
            }
            var eldest = cache.entrySet().iterator();
            while (cache.size() > capacity || cachedChars > limits.maxCachedQueryChars()) {
                cachedChars -= eldest.next().getKey().length();
                eldest.remove();
            }
        }
        return document;
    }

    /** How many documents the cache holds now. */
    public int cachedDocuments() {
        synchronized (cache) {
            return cache.size();
        }
    }

    /** How many characters the cached documents' texts have together; at most the configured bound. */
    public long cachedChars() {
        synchronized (cache) {
            return cachedChars;
        }
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
