package dev.quiver.flight.transport.flight;

import dev.quiver.flight.request.QuiverException;
import dev.quiver.flight.subscription.SubscriberChannel;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A subscription on a Flight DoGet stream: the schema goes out on {@link #start}, each batch with
 * {@code putNext()}, and readiness is gRPC's ({@code isReady} and the on-ready handler, which fires once the
 * stream's queued bytes drop below the server's backpressure threshold). A failure ends the call with the
 * Flight status of its {@link dev.quiver.flight.request.Status}, its message kept (the subscriber logged any
 * internal failure already).
 */
final class FlightSubscriberChannel implements SubscriberChannel {
    private final ServerStreamListener listener;

    FlightSubscriberChannel(ServerStreamListener listener) {
        this.listener = listener;
    }

    @Override
    public void onReady(Runnable handler) {
        listener.setOnReadyHandler(handler);
    }

    @Override
    public void onCancel(Runnable handler) {
        listener.setOnCancelHandler(handler);
    }

    @Override
    public boolean isCancelled() {
        return listener.isCancelled();
    }

    @Override
    public void start(VectorSchemaRoot root) {
        listener.start(root);
    }

    @Override
    public boolean isReady() {
        return listener.isReady();
    }

    @Override
    public void send(VectorSchemaRoot root) {
        listener.putNext();
    }

    @Override
    public void fail(QuiverException error) {
        listener.error(FlightErrors.callStatus(error.status()).withDescription(error.getMessage()).toRuntimeException());
    }
}
