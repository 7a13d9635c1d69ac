package dev.quiver.client;

import dev.quiver.client.internal.BatchStreams;
import dev.quiver.client.internal.TableBuilder;
import java.util.Iterator;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.table.Table;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The answer to one query: its schema and row estimate (known before any row is read) and its record batches,
 * streamed from the server's endpoints in order (several endpoints are read at once when the query asked for them,
 * see {@link QuiverClientConfig#endpoints()}; the batches still come in endpoint order).
 *
 * <p>Lifecycle:
 * <ol>
 *   <li>{@link QuiverClient#query} fetched the FlightInfo; no data has moved yet.</li>
 *   <li>Read the batches once: iterate, {@link #forEachBatch}, or {@link #toTable()}. Each {@link VectorSchemaRoot}
 *       is reused for the next batch; copy (or transfer) what must outlive it.</li>
 *   <li>{@link #close()}: cancels what was not read and frees the buffers. Closing the client closes its open
 *       results too.</li>
 * </ol>
 * Not thread-safe: read a result from one thread.
 */
public final class QueryResult implements AutoCloseable, Iterable<VectorSchemaRoot> {
    private final Schema announcedSchema;
    private final long estimatedRows;
    private final BatchStreams streams;
    private final BufferAllocator allocator;
    private final Consumer<QueryResult> onClose;
    private boolean iterated;
    private boolean closed;
    private long rowsRead;

    QueryResult(Schema announcedSchema, long estimatedRows, BatchStreams streams, BufferAllocator allocator,
            Consumer<QueryResult> onClose) {
        this.announcedSchema = announcedSchema;
        this.estimatedRows = estimatedRows;
        this.streams = streams;
        this.allocator = allocator;
        this.onClose = onClose;
    }

    /** The result's Arrow schema: from GetFlightInfo, or else from the first stream. */
    public Schema schema() {
        if (announcedSchema != null) {
            return announcedSchema;
        }
        Schema fromStream = streams.firstStreamSchema();
        return fromStream != null ? fromStream : new Schema(java.util.List.of());
    }

    /**
     * The server's row estimate: a guess made before any row is read (PostgreSQL's planner's), which may be off either
     * way, so never a count to check the rows read against; -1 when the server gave none (its source cannot say).
     */
    public long estimatedRows() {
        return estimatedRows;
    }

    /** Rows handed out so far. */
    public long rowsRead() {
        return rowsRead;
    }

    /**
     * The batches, in order. A result can be read once: a second call fails.
     *
     * @throws QuiverQueryException from {@code hasNext()} when the server fails mid-stream
     */
    @Override
    public Iterator<VectorSchemaRoot> iterator() {
        checkOpen();
        if (iterated) {
            throw new IllegalStateException("a query result can be read only once");
        }
        iterated = true;
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return !closed && streams.hasNext();
            }

            @Override
            public VectorSchemaRoot next() {
                VectorSchemaRoot batch = streams.next();
                rowsRead += batch.getRowCount();
                return batch;
            }
        };
    }

    /** Hands every batch to {@code consumer}; the root is only valid during the call. */
    public void forEachBatch(Consumer<VectorSchemaRoot> consumer) {
        for (VectorSchemaRoot batch : this) {
            consumer.accept(batch);
        }
    }

    /**
     * Reads every batch into one {@link Table}. The table's buffers come from the client's allocator: close the
     * table before the client.
     */
    public Table toTable() {
        try (TableBuilder table = new TableBuilder(allocator)) {
            for (VectorSchemaRoot batch : this) {
                table.append(batch);
            }
            return table.build(this::schema);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            streams.close();
        } finally {
            onClose.accept(this);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the query result is closed");
        }
    }
}
