package dev.quiver.flight.subscription.internal;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.message.IpcOption;

/** A DoGet listener that records what a subscriber sends: the first column of each batch, and how it ended. */
final class RecordingListener implements ServerStreamListener {
    final List<List<String>> batches = new ArrayList<>();
    boolean ready = true;
    boolean cancelled;
    Throwable error;
    boolean completed;
    Runnable onReady;
    Runnable onCancel;
    RuntimeException failOnPut;
    OutOfMemoryError outOfMemoryOnPut;
    /** Whether the transport stays ready after a batch (false: as gRPC with a large batch still queued). */
    boolean readyAfterPut = true;
    private VectorSchemaRoot root;

    @Override
    public boolean isReady() {
        return ready;
    }

    @Override
    public void setOnReadyHandler(Runnable handler) {
        onReady = handler;
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public void setOnCancelHandler(Runnable handler) {
        onCancel = handler;
    }

    @Override
    public void start(VectorSchemaRoot root, DictionaryProvider dictionaries, IpcOption option) {
        this.root = root;
    }

    @Override
    public void putNext() {
        if (failOnPut != null) {
            throw failOnPut;
        }
        if (outOfMemoryOnPut != null) {
            throw outOfMemoryOnPut;
        }
        ready = readyAfterPut;
        List<String> values = new ArrayList<>();
        VarCharVector first = (VarCharVector) root.getVector(0);
        for (int row = 0; row < root.getRowCount(); row++) {
            values.add(first.isNull(row) ? null : new String(first.get(row), java.nio.charset.StandardCharsets.UTF_8));
        }
        batches.add(values);
    }

    @Override
    public void putNext(ArrowBuf metadata) {
        putNext();
    }

    @Override
    public void putMetadata(ArrowBuf metadata) {
        throw new UnsupportedOperationException("subscribers send no metadata");
    }

    @Override
    public void error(Throwable error) {
        this.error = error;
    }

    @Override
    public void completed() {
        completed = true;
    }

    List<String> rows() {
        List<String> all = new ArrayList<>();
        batches.forEach(all::addAll);
        return all;
    }
}
