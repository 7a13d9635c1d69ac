package dev.quiver.sinks.clickhouse;

import com.clickhouse.client.api.query.QueryResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.quiver.sinks.api.ObserverEvent;
import dev.quiver.sinks.clickhouse.internal.ClickHouseRequests;
import dev.quiver.sinks.clickhouse.internal.EventRowDecoder;
import dev.quiver.sinks.clickhouse.internal.EventTableLayout;
import dev.quiver.sinks.clickhouse.internal.EventTableSql;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads stored events back from the events table {@link ClickHouseSink} writes, over the same client and in the
 * same table layout: the read side of that table lives beside its writer.
 *
 * <p>Each read carries its own {@code query_id} and ClickHouse's {@code max_execution_time}, and can be killed by
 * that id ({@link #kill}): closing the answer alone does not stop a query in ClickHouse 18.16 (it has no
 * {@code cancel_http_readonly_queries_on_client_close}), and a {@code FINAL ... ORDER BY} may sort for long before
 * its first byte.
 */
public final class ClickHouseEventReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseEventReader.class);
    private static final ObjectReader ROWS = new ObjectMapper().readerFor(JsonNode.class);
    private static final Pattern QUERY_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private final ClickHouseSinkConfig config;
    private final ClickHouseRequests requests;
    private volatile EventTableLayout layout;

    public ClickHouseEventReader(ClickHouseSinkConfig config) {
        this.config = config;
        this.requests = new ClickHouseRequests(config);
    }

    /**
     * Streams the events {@code query} selects, as ClickHouse query {@code queryId}, which ClickHouse ends itself
     * after {@code limit} (whole seconds, rounded up). The caller closes the cursor.
     *
     * @throws ClickHouseReadException when the server does not answer, refuses, or has no events table
     */
    public EventCursor read(EventQuery query, String queryId, Duration limit) throws InterruptedException {
        requireQueryId(queryId);
        String sql = EventTableSql.select(query, config.qualifiedTable(), layout());
        long seconds = Math.max(1, (limit.toMillis() + 999) / 1000);
        try {
            return new JsonRowsCursor(requests.stream(sql, queryId, Map.of("max_execution_time",
                    Long.toString(seconds))));
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw failed("did not answer or refused the events query", e);
        }
    }

    /** Asks ClickHouse to kill query {@code queryId} and returns at once; the outcome is only logged. */
    public void kill(String queryId) {
        requireQueryId(queryId);
        requests.executeAsync(EventTableSql.killQuery(queryId)).whenComplete((done, failure) -> {
            if (failure != null) {
                LOG.warn("could not kill ClickHouse query {} at {}: {}", queryId, config.endpoint(), failure.toString());
            }
        });
    }

    @Override
    public void close() {
        requests.close();
    }

    /** The table's layout, learnt once from its columns. */
    private EventTableLayout layout() throws InterruptedException {
        EventTableLayout known = layout;
        if (known != null) {
            return known;
        }
        Map<String, String> columns = new LinkedHashMap<>();
        try {
            for (List<String> row : requests.rows(EventTableSql.columns(config.database(), config.table()))) {
                columns.put(row.get(0), row.get(1));
            }
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw failed("did not answer the question which columns " + config.qualifiedTable() + " has", e);
        }
        if (columns.isEmpty()) {
            throw new ClickHouseReadException("ClickHouse has no events table "
                    + config.qualifiedTable() + "; run the event-bridge with its ClickHouse sink first, or point"
                    + " --clickhouse-database/--clickhouse-table at its table", null);
        }
        known = EventTableLayout.ofColumns(columns).orElseThrow(() -> new ClickHouseReadException("ClickHouse table "
                + config.qualifiedTable() + " is not an events table; point --clickhouse-database/--clickhouse-table"
                + " at the event-bridge's table", null));
        layout = known;
        return known;
    }

    private ClickHouseReadException failed(String what, Exception cause) {
        LOG.warn("ClickHouse at {} {}: {}", config.endpoint(), what, cause.toString());
        return new ClickHouseReadException("ClickHouse " + what + "; check that it runs and that --clickhouse-url"
                + " points at its HTTP port (the log has its answer)", cause);
    }

    private static void requireQueryId(String queryId) {
        if (queryId == null || !QUERY_ID.matcher(queryId).matches()) {
            throw new IllegalArgumentException("a query id is 1 to 128 of A-Z a-z 0-9 _ -, got '" + queryId + "'");
        }
    }

    /** ClickHouse's JSONEachRow answer, one row parsed at a time. */
    private static final class JsonRowsCursor implements EventCursor {
        private final QueryResponse response;
        private final MappingIterator<JsonNode> rows;

        JsonRowsCursor(QueryResponse response) throws IOException {
            this.response = response;
            this.rows = ROWS.readValues(response.getInputStream());
        }

        @Override
        public boolean hasNext() {
            try {
                return rows.hasNextValue();
            } catch (IOException | UncheckedIOException e) {
                throw new ClickHouseReadException("ClickHouse's answer broke off while events were read", e);
            }
        }

        @Override
        public ObserverEvent next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            try {
                return EventRowDecoder.event(rows.nextValue());
            } catch (IOException | RuntimeException e) {
                throw new ClickHouseReadException("ClickHouse answered a row that is not a stored event", e);
            }
        }

        @Override
        public void close() {
            try {
                response.close();
            } catch (Exception e) {
                LOG.debug("closing a ClickHouse answer: {}", e.toString());
            }
        }
    }
}
