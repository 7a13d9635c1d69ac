package dev.quiver.cli.format;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The Arrow IPC stream format ({@code pyarrow.ipc.open_stream}, {@code ArrowStreamReader}): the schema, each batch
 * as received, the end-of-stream marker. Batches are moved through the writer's own root without copying rows.
 */
final class ArrowStreamResultWriter implements ResultWriter {
    private final OutputStream out;
    private final BufferAllocator allocator;
    private VectorSchemaRoot root;
    private ArrowStreamWriter writer;

    ArrowStreamResultWriter(OutputStream out, BufferAllocator allocator) {
        this.out = out;
        this.allocator = allocator;
    }

    @Override
    public void start(Schema schema) throws IOException {
        root = VectorSchemaRoot.create(schema, allocator);
        // the IPC writer closes its channel; the stream is the caller's to close
        writer = new ArrowStreamWriter(root, null, Channels.newChannel(new NonClosingOutputStream(out)));
        writer.start();
    }

    @Override
    public void write(VectorSchemaRoot batch) throws IOException {
        try (ArrowRecordBatch recordBatch = new VectorUnloader(batch).getRecordBatch()) {
            new VectorLoader(root).load(recordBatch);
            writer.writeBatch();
        }
    }

    @Override
    public void finish() throws IOException {
        writer.end();
        out.flush();
    }

    @Override
    public void close() {
        if (writer != null) {
            writer.close();
        }
        if (root != null) {
            root.close();
        }
    }
}
