package dev.quiver.sinks.elasticsearch;

import co.elastic.clients.elasticsearch._types.ExpandWildcard;
import dev.quiver.sinks.api.SinkException;
import dev.quiver.sinks.elasticsearch.internal.ElasticsearchConnection;
import dev.quiver.sinks.elasticsearch.internal.ElasticsearchErrors;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exact counts of the events indices that {@link ElasticsearchSink} writes, for the sinks' and the bridge's
 * integration tests and the resilience suite (a test fixture: other modules get it from the {@code quiver-sinks}
 * test-jar). Each count first refreshes {@code <prefix>-*}, so every acknowledged document is counted;
 * documents are keyed by event id, so redeliveries never add to the count.
 */
public final class ElasticsearchEventCounter implements AutoCloseable {
    private final ElasticsearchSinkConfig config;
    private final ElasticsearchConnection connection;

    public ElasticsearchEventCounter(ElasticsearchSinkConfig config) {
        this.config = config;
        this.connection = new ElasticsearchConnection(config);
    }

    /** Documents in all events indices ({@code _count} on {@code <prefix>-*} after a refresh). */
    public long count() throws SinkException {
        String pattern = config.indexPattern();
        try {
            refresh();
            return connection.client().count(request -> request.index(pattern).allowNoIndices(true)).count();
        } catch (Exception e) {
            throw ElasticsearchErrors.classify(ElasticsearchSink.NAME, "counting " + pattern, e);
        }
    }

    /** Documents per events index, by index name (after a refresh). */
    public Map<String, Long> countByIndex() throws SinkException {
        String pattern = config.indexPattern();
        try {
            refresh();
            Map<String, Long> counts = new TreeMap<>();
            for (String index : connection.client().indices().get(request -> request.index(pattern)
                    .allowNoIndices(true).expandWildcards(ExpandWildcard.Open)).result().keySet()) {
                counts.put(index, connection.client().count(request -> request.index(index)).count());
            }
            return counts;
        } catch (Exception e) {
            throw ElasticsearchErrors.classify(ElasticsearchSink.NAME, "counting " + pattern + " per index", e);
        }
    }

    @Override
    public void close() {
        connection.close();
    }

    private void refresh() throws Exception {
        connection.client().indices().refresh(request -> request.index(config.indexPattern()).allowNoIndices(true));
    }
}
