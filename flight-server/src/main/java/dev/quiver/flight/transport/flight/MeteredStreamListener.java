package dev.quiver.flight.transport.flight;

import dev.quiver.flight.metrics.Outcome;
import dev.quiver.flight.metrics.RequestObservation;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.message.IpcOption;

/** Passes a DoGet stream through, counting each batch's rows and recording how the stream ended. */
final class MeteredStreamListener implements ServerStreamListener {
    private final ServerStreamListener delegate;
    private final RequestObservation observation;
    private VectorSchemaRoot root;

    MeteredStreamListener(ServerStreamListener delegate, RequestObservation observation) {
        this.delegate = delegate;
        this.observation = observation;
    }

    @Override
    public boolean isCancelled() {
        return delegate.isCancelled();
    }

    /**
     * The client's cancel also ends the measured request: a producer that finishes its stream later (an endless
     * subscription) never calls {@code completed()} or {@code error()} on a cancelled stream, so without this the
     * stream would stay in flight for ever.
     */
    @Override
    public void setOnCancelHandler(Runnable handler) {
        delegate.setOnCancelHandler(() -> {
            observation.finish(Outcome.CANCELLED);
            handler.run();
        });
    }

    @Override
    public boolean isReady() {
        return delegate.isReady();
    }

    @Override
    public void setOnReadyHandler(Runnable handler) {
        delegate.setOnReadyHandler(handler);
    }

    @Override
    public void start(VectorSchemaRoot root, DictionaryProvider dictionaries, IpcOption option) {
        this.root = root;
        delegate.start(root, dictionaries, option);
    }

    @Override
    public void putNext() {
        delegate.putNext();
        counted();
    }

    @Override
    public void putNext(ArrowBuf metadata) {
        delegate.putNext(metadata);
        counted();
    }

    @Override
    public void putMetadata(ArrowBuf metadata) {
        delegate.putMetadata(metadata);
    }

    @Override
    public void error(Throwable error) {
        observation.finish(MeteredFlightProducer.outcomeOf(error));
        delegate.error(error);
    }

    @Override
    public void completed() {
        observation.finish(Outcome.OK);
        delegate.completed();
    }

    @Override
    public void setUseZeroCopy(boolean enabled) {
        delegate.setUseZeroCopy(enabled);
    }

    private void counted() {
        if (root != null) {
            observation.batch(root.getRowCount());
        }
    }
}
