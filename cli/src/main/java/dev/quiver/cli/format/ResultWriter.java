package dev.quiver.cli.format;

import java.io.IOException;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes a query result in one output format.
 *
 * <p>Lifecycle: {@link #start} once with the schema, {@link #write} for each batch (the root is only valid during
 * the call), {@link #finish} once after the last batch, {@link #close} always, also after a failure. A writer
 * never closes the stream it writes to.
 */
public interface ResultWriter extends AutoCloseable {

    void start(Schema schema) throws IOException;

    void write(VectorSchemaRoot batch) throws IOException;

    /** Writes whatever ends the output (a table's rows and footer, the IPC end-of-stream marker) and flushes. */
    void finish() throws IOException;

    /** Frees what the writer holds; the default holds nothing. */
    @Override
    default void close() {
    }
}
