package dev.quiver.flight.request;

import dev.quiver.flight.query.QueryExecutor;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Where {@link QueryExecutor} delivers a result: a transport (Flight DoGet, the HTTP/JSON twin) implements it.
 * Lifecycle: {@link #start} once with the root every batch is loaded into, then {@link #batch} once per
 * filled batch; the root's contents are valid only during that call.
 */
public interface BatchStream {

    /** Called once, before the first batch, with the root (its schema is the plan's schema). */
    void start(VectorSchemaRoot root);

    /**
     * Called with each loaded batch. Returns {@code false} to stop early (the client cancelled or went away);
     * the executor then closes the cursor and returns without error.
     */
    boolean batch(VectorSchemaRoot root, int rows) throws Exception;
}
