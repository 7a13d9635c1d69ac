package dev.quiver.flight.server;

import dev.quiver.flight.exec.BatchStream;
import org.apache.arrow.flight.BackpressureStrategy;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Sends batches to a Flight DoGet listener, waiting for the client to be ready before each one ({@code isReady}
 * backpressure) and stopping when the client cancels.
 */
final class FlightBatchStream implements BatchStream {
    static final long READY_TIMEOUT_MILLIS = 30_000;

    private final ServerStreamListener listener;
    private final BackpressureStrategy backpressure = new BackpressureStrategy.CallbackBackpressureStrategy();

    FlightBatchStream(ServerStreamListener listener) {
        this.listener = listener;
    }

    @Override
    public void start(VectorSchemaRoot root) {
        backpressure.register(listener);
        listener.start(root);
    }

    @Override
    public boolean batch(VectorSchemaRoot root, int rows) {
        BackpressureStrategy.WaitResult wait = backpressure.waitForListener(READY_TIMEOUT_MILLIS);
        if (wait == BackpressureStrategy.WaitResult.CANCELLED || listener.isCancelled()) {
            return false;
        }
        if (wait == BackpressureStrategy.WaitResult.TIMEOUT) {
            throw CallStatus.TIMED_OUT.withDescription("the client did not read for " + READY_TIMEOUT_MILLIS / 1000
                    + " s").toRuntimeException();
        }
        listener.putNext();
        return true;
    }
}
