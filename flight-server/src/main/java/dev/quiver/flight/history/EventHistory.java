package dev.quiver.flight.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quiver.flight.admission.QueryGuard;
import dev.quiver.flight.admission.RunningQuery;
import dev.quiver.flight.events.EventBatchWriter;
import dev.quiver.flight.events.EventRow;
import dev.quiver.flight.history.internal.ClickHouseHttp;
import dev.quiver.flight.history.internal.HistorySql;
import dev.quiver.flight.request.BatchStream;
import dev.quiver.sinks.api.EventType;
import dev.quiver.sinks.api.ObserverEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import dev.quiver.flight.request.LimitExceededException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Past observer events from the ClickHouse table the sinks write, as the root query field
 * {@code events(entityType:, from:, to:, types:, limit:)}: each matching event once, ordered by
 * {@code occurredAt, eventId}, streamed from ClickHouse's JSONEachRow answer in Arrow batches of at most
 * {@code batchRows} rows and about {@value #BATCH_BYTES} bytes (an event's {@code data} may be 1 MiB, so 10,000 rows
 * could otherwise hold 10 GB), each from a child allocator limited to {@code maxRequestMemory} like a table query's
 * (memory stays bounded by one batch). The columns and their Arrow types are those of a
 * subscription with the same selection. Without {@code --history} every such query answers
 * {@link HistoryUnavailableException} (UNAVAILABLE).
 */
public final class EventHistory {
    private static final Logger LOG = LoggerFactory.getLogger(EventHistory.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A batch goes out once its events hold this many bytes, however few rows it has. */
    static final long BATCH_BYTES = 8L << 20;

    private final HistoryConfig config;
    private final BufferAllocator allocator;
    private final int batchRows;
    private final long maxRequestMemory;
    private final ClickHouseHttp clickhouse;
    private volatile Boolean microsColumn;

    public EventHistory(HistoryConfig config, BufferAllocator allocator, int batchRows) {
        this(config, allocator, batchRows, Long.MAX_VALUE);
    }

    /** @param maxRequestMemory most bytes of Arrow memory one query's batches may hold ({@code --max-request-memory}) */
    public EventHistory(HistoryConfig config, BufferAllocator allocator, int batchRows, long maxRequestMemory) {
        if (batchRows < 1) {
            throw new IllegalArgumentException("batchRows must be positive, got " + batchRows);
        }
        this.maxRequestMemory = maxRequestMemory;
        this.config = config;
        this.allocator = allocator;
        this.batchRows = batchRows;
        this.clickhouse = config.enabled() ? new ClickHouseHttp(config) : null;
    }

    /**
     * Streams the plan's events to {@code out}: {@code start} once (also for no rows), then one {@code batch} per
     * filled batch. A stopped query (cancel, timeout, client gone) closes the ClickHouse answer, which ends the read.
     *
     * @throws HistoryUnavailableException when history is not configured or ClickHouse fails
     */
    public void execute(HistoryPlan plan, BatchStream out, RunningQuery query) throws Exception {
        if (clickhouse == null) {
            throw new HistoryUnavailableException("event history is off on this server; start it with --history"
                    + " (and --clickhouse-url http://HOST:8123 if ClickHouse is not on 127.0.0.1:8123,"
                    + " --clickhouse-database/--clickhouse-table if not quiver.events)");
        }
        String sql = HistorySql.select(plan, config.qualifiedTable(), microsColumn());
        try (BufferAllocator request = allocator.newChildAllocator("history " + query.id(), 0, maxRequestMemory);
             VectorSchemaRoot root = VectorSchemaRoot.create(plan.schema(), request)) {
            out.start(root);
            if (plan.limit() == 0) {
                return;
            }
            // the stop hook is in place before ClickHouse is asked: a FINAL ... ORDER BY may sort for long before
            // its answer's first byte, and closing our end does not stop it there, so a stop also kills it by id
            String clickhouseId = "quiver-history-" + UUID.randomUUID();
            AtomicReference<InputStream> open = new AtomicReference<>();
            try (QueryGuard.Registration stop = query.onStop(() -> {
                    clickhouse.kill(clickhouseId);
                    closeQuietly(open.get());
                });
                    InputStream answer = clickhouse.query(sql, clickhouseId, query.remaining());
                    MappingIterator<JsonNode> rows = JSON.readerFor(JsonNode.class)
                            .readValues(opened(open, answer, query))) {
                List<EventRow> batch = new ArrayList<>(Math.min(batchRows, 1024));
                long batchBytes = 0;
                while (rows.hasNextValue()) {
                    query.checkActive();
                    EventRow row = EventRow.of(event(rows.nextValue()));
                    batch.add(row);
                    batchBytes += row.retainedBytes();
                    if (batch.size() == batchRows || batchBytes >= BATCH_BYTES) {
                        if (!send(root, plan, batch, out)) {
                            return;
                        }
                        batch.clear();
                        batchBytes = 0;
                    }
                }
                if (!batch.isEmpty()) {
                    send(root, plan, batch, out);
                }
            } catch (IOException | UncheckedIOException e) {
                query.checkActive(); // a stop closed the answer: report the stop, not the broken read
                LOG.warn("reading events from ClickHouse at {} failed: {}", config.url(), e.toString());
                throw new HistoryUnavailableException("reading events from ClickHouse failed (the server's log has the"
                        + " error)", e);
            }
        } catch (OutOfMemoryException e) {
            throw new LimitExceededException("the events answer needs more than " + maxRequestMemory + " bytes of"
                    + " memory at once (--max-request-memory); select fewer fields (data is the large one) or a"
                    + " shorter time window");
        }
    }

    private static boolean send(VectorSchemaRoot root, HistoryPlan plan, List<EventRow> batch, BatchStream out)
            throws Exception {
        EventBatchWriter.write(root, plan.columns(), batch);
        return out.batch(root, batch.size());
    }

    private boolean microsColumn() throws InterruptedException {
        Boolean known = microsColumn;
        if (known == null) {
            String columns = clickhouse.text(HistorySql.columns(config.database(), config.table()));
            List<String> names = columns.lines().map(String::trim).toList();
            if (!names.contains("occurred_at")) {
                LOG.warn("ClickHouse at {} has no events table {} (columns: {})", config.url(), config.qualifiedTable(),
                        names);
                throw new HistoryUnavailableException("ClickHouse has no events table " + config.qualifiedTable()
                        + "; run the event-bridge with its ClickHouse sink first, or point"
                        + " --clickhouse-database/--clickhouse-table at its table");
            }
            known = names.contains("occurred_at_us");
            microsColumn = known;
        }
        return known;
    }

    /** The event of one row of {@link HistorySql#select}'s JSONEachRow answer. */
    static ObserverEvent event(JsonNode row) {
        long micros = Long.parseLong(row.get("occurred_us").asText());
        Instant occurredAt = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                Math.floorMod(micros, 1_000_000L) * 1_000L);
        return new ObserverEvent(row.get("event_id").asText(), EventType.fromWireName(row.get("event_type").asText()),
                row.get("entity_type").asText(), row.get("entity_id").asText(), occurredAt, text(row, "user_id"),
                text(row, "org_id"), row.get("data").asText());
    }

    private static String text(JsonNode row, String name) {
        JsonNode value = row.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** {@code answer}, now reachable by the stop hook; closed at once when the query stopped while it was asked. */
    private static InputStream opened(AtomicReference<InputStream> open, InputStream answer, RunningQuery query) {
        open.set(answer);
        if (query.isStopped()) {
            closeQuietly(answer);
        }
        return answer;
    }

    private static void closeQuietly(InputStream answer) {
        if (answer == null) {
            return;
        }
        try {
            answer.close();
        } catch (IOException e) {
            // the read that fails next reports the stop
        }
    }
}
