package dev.quiver.client.internal;

import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.table.Table;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.VectorSchemaRootAppender;

/**
 * Copies record batches, one after the other, into one {@link Table} in a given allocator: the batches of a
 * stream are reused (or freed) by the stream, the table outlives it.
 *
 * <p>Lifecycle: {@link #append} each batch, then {@link #build} hands the buffers over to the table; {@link #close()}
 * frees whatever was not handed over (a read that failed half way).
 */
public final class TableBuilder implements AutoCloseable {
    private final BufferAllocator allocator;
    private VectorSchemaRoot all;

    public TableBuilder(BufferAllocator allocator) {
        this.allocator = allocator;
    }

    /** Copies {@code batch}'s rows after the ones appended so far. */
    public void append(VectorSchemaRoot batch) {
        if (all == null) {
            all = VectorSchemaRoot.create(batch.getSchema(), allocator);
            all.allocateNew(); // the appender needs the offset buffers in place
        }
        VectorSchemaRootAppender.append(all, batch);
    }

    /**
     * The rows appended so far as one table; with none, an empty table of {@code schemaWhenEmpty}. The table owns
     * the buffers: close it (before the allocator).
     */
    public Table build(Supplier<Schema> schemaWhenEmpty) {
        if (all == null) {
            all = VectorSchemaRoot.create(schemaWhenEmpty.get(), allocator);
        }
        return new Table(all); // takes the vectors over and clears the root
    }

    @Override
    public void close() {
        if (all != null) {
            all.close();
        }
    }
}
