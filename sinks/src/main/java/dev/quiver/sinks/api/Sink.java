package dev.quiver.sinks.api;

import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A destination for observer-event batches (ClickHouse, Elasticsearch). Lifecycle, in order:
 * <ol>
 *   <li>{@link #start()}: connect and create what the sink needs (table, index template); may throw
 *       {@link SinkException} when the destination is unreachable, and may be called again after that.</li>
 *   <li>{@link #write(VectorSchemaRoot)}, any number of times, never concurrently for one instance. When it
 *       returns, every event of the batch is either stored durably or listed in the result as rejected.</li>
 *   <li>{@link #close()}: release connections; the sink is unusable afterwards.</li>
 * </ol>
 * Writes must be idempotent per {@code event_id}: the runtime redelivers a batch whose write threw, so a sink
 * that stored part of it before failing must not double those events.
 */
public interface Sink extends AutoCloseable {

    /** A short stable name, e.g. {@code clickhouse}; used in metrics, logs and consumer names. */
    String name();

    /** Prepares the destination (idempotent). */
    void start() throws SinkException;

    /**
     * Stores a batch whose schema is {@link ObserverEventSchema#schema()}.
     *
     * @return which events the destination refused permanently (they go to the dead-letter stream)
     * @throws SinkException when the batch as a whole could not be stored; {@link SinkException#isRetriable()}
     *                       tells the runtime whether redelivery may succeed
     */
    WriteResult write(VectorSchemaRoot batch) throws SinkException;

    /** Whether the destination answers now; cheap, never throws. */
    SinkHealth health();

    @Override
    void close();
}
