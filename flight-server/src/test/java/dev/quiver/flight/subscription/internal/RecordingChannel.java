package dev.quiver.flight.subscription.internal;

import dev.quiver.flight.request.QuiverException;
import dev.quiver.flight.subscription.SubscriberChannel;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** A channel that records what a subscriber sends: the first column of each batch, and how it ended. */
final class RecordingChannel implements SubscriberChannel {
    final List<List<String>> batches = new ArrayList<>();
    boolean ready = true;
    boolean cancelled;
    QuiverException error;
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
    public void onReady(Runnable handler) {
        onReady = handler;
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public void onCancel(Runnable handler) {
        onCancel = handler;
    }

    @Override
    public void start(VectorSchemaRoot root) {
        this.root = root;
    }

    @Override
    public void send(VectorSchemaRoot sent) {
        if (failOnPut != null) {
            throw failOnPut;
        }
        if (outOfMemoryOnPut != null) {
            throw outOfMemoryOnPut;
        }
        if (sent != root) {
            throw new AssertionError("a batch must come in the root the channel was started with");
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
    public void fail(QuiverException error) {
        this.error = error;
    }

    List<String> rows() {
        List<String> all = new ArrayList<>();
        batches.forEach(all::addAll);
        return all;
    }
}
