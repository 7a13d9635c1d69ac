package dev.quiver.client.internal;

import java.util.Iterator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The batches of one FlightInfo's endpoints as one sequence, in endpoint order. The {@link VectorSchemaRoot} handed
 * out is refilled (or closed) by the next call to {@link #hasNext()}: copy what must outlive it. Closing stops what
 * was not read and frees everything.
 */
public interface BatchStreams extends Iterator<VectorSchemaRoot>, AutoCloseable {
    /** The schema the first endpoint's stream announces; {@code null} when there is no endpoint. */
    Schema firstStreamSchema();

    @Override
    void close();
}
