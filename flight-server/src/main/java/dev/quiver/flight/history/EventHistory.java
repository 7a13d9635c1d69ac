package dev.quiver.flight.history;

import dev.quiver.flight.admission.QueryGuard;
import dev.quiver.flight.admission.RunningQuery;
import dev.quiver.flight.events.EventBatchWriter;
import dev.quiver.flight.events.EventRow;
import dev.quiver.flight.request.BatchStream;
import dev.quiver.sinks.clickhouse.ClickHouseEventReader;
import dev.quiver.sinks.clickhouse.ClickHouseReadException;
import dev.quiver.sinks.clickhouse.ClickHouseSinkConfig;
import dev.quiver.sinks.clickhouse.EventCursor;
import java.time.Duration;
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
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);
    /** A batch goes out once its events hold this many bytes, however few rows it has. */
    static final long BATCH_BYTES = 8L << 20;

    private final HistoryConfig config;
    private final BufferAllocator allocator;
    private final int batchRows;
    private final long maxRequestMemory;
    private final ClickHouseEventReader clickhouse;

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
        this.clickhouse = config.enabled() ? new ClickHouseEventReader(clickhouse(config)) : null;
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
        try (BufferAllocator request = allocator.newChildAllocator("history " + query.id(), 0, maxRequestMemory);
             VectorSchemaRoot root = VectorSchemaRoot.create(plan.schema(), request)) {
            out.start(root);
            if (plan.limit() == 0) {
                return;
            }
            // the stop hook is in place before ClickHouse is asked: a FINAL ... ORDER BY may sort for long before
            // its answer's first byte, and closing our end does not stop it there, so a stop also kills it by id
            String clickhouseId = "quiver-history-" + UUID.randomUUID();
            AtomicReference<EventCursor> open = new AtomicReference<>();
            try (QueryGuard.Registration stop = query.onStop(() -> {
                    clickhouse.kill(clickhouseId);
                    closeIfOpen(open.get());
                });
                    EventCursor rows = opened(open, clickhouse.read(plan.eventQuery(), clickhouseId, query.remaining()), query)) {
                List<EventRow> batch = new ArrayList<>(Math.min(batchRows, 1024));
                long batchBytes = 0;
                while (rows.hasNext()) {
                    query.checkActive();
                    EventRow row = EventRow.of(rows.next());
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
                query.checkActive(); // a stop closes the answer, which can look like its end: report the stop
                if (!batch.isEmpty()) {
                    send(root, plan, batch, out);
                }
            } catch (ClickHouseReadException e) {
                query.checkActive(); // a stop closed the answer: report the stop, not the broken read
                LOG.warn("reading events from ClickHouse at {} failed: {}", config.url(), e.toString());
                throw new HistoryUnavailableException(e.getMessage(), e);
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

    /** {@code rows}, now reachable by the stop hook; closed at once when the query stopped while it was asked. */
    private static EventCursor opened(AtomicReference<EventCursor> open, EventCursor rows, RunningQuery query) {
        open.set(rows);
        if (query.isStopped()) {
            rows.close();
        }
        return rows;
    }

    private static void closeIfOpen(EventCursor rows) {
        if (rows != null) {
            rows.close(); // the read that fails next reports the stop
        }
    }

    /** The events table's connection: ClickHouse's own timeouts bound the wait for an answer's first bytes. */
    private static ClickHouseSinkConfig clickhouse(HistoryConfig config) {
        return new ClickHouseSinkConfig(config.url(), config.user(), config.password(), config.database(),
                config.table(), CONNECT_TIMEOUT, ANSWER_TIMEOUT, ClickHouseSinkConfig.InsertFormat.ROW_BINARY);
    }
}
