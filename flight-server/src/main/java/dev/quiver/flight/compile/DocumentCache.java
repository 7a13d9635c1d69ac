package dev.quiver.flight.compile;

import graphql.language.Document;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** Validated documents by query text, least recently used evicted first. Only valid documents are kept. */
final class DocumentCache {
    private final Map<String, Document> documents;

    DocumentCache(int capacity) {
        this.documents = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Document> eldest) {
                return size() > capacity;
            }
        };
    }

    Document get(String query, Function<String, Document> parseAndValidate) {
        synchronized (documents) {
            Document cached = documents.get(query);
            if (cached != null) {
                return cached;
            }
        }
        Document document = parseAndValidate.apply(query);
        synchronized (documents) {
            documents.put(query, document);
        }
        return document;
    }
}
