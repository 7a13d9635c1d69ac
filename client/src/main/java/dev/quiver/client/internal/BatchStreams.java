package dev.quiver.client.internal;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The batches of one FlightInfo's endpoints as one sequence, in endpoint order. The {@link VectorSchemaRoot} handed
 * out is refilled (or closed) by the next call to {@link #hasNext()}: copy what must outlive it. Closing stops what
 * was not read and frees everything. Subclasses say how the next batch is reached ({@link #advance()}) and where it
 * is ({@link #root()}); the iteration protocol is here.
 */
public abstract class BatchStreams implements Iterator<VectorSchemaRoot>, AutoCloseable {
    private boolean ready;
    private boolean finished;

    /** The schema the first endpoint's stream announces; {@code null} when there is no endpoint. */
    public abstract Schema firstStreamSchema();

    /** Moves to the next batch; false when there is none. */
    protected abstract boolean advance();

    /** The batch {@link #advance()} moved to. */
    protected abstract VectorSchemaRoot root();

    @Override
    public final boolean hasNext() {
        if (!ready && !finished) {
            ready = advance();
            finished = !ready;
        }
        return ready;
    }

    @Override
    public final VectorSchemaRoot next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more batches");
        }
        ready = false;
        return root();
    }

    /** No batch is handed out any more: for {@link #close()}. */
    protected final void finish() {
        finished = true;
        ready = false;
    }

    @Override
    public abstract void close();
}
