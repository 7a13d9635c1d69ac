package dev.quiver.flight.transport.flight;

import dev.quiver.flight.admission.QueryGuard;
import dev.quiver.flight.admission.RunningQuery;
import dev.quiver.flight.admission.StopReason;
import dev.quiver.flight.request.BatchStream;
import io.grpc.Context;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Sends a {@link RunningQuery}'s batches to a Flight DoGet listener, waiting before each one until the client
 * can take it ({@code isReady} backpressure).
 *
 * <p>gRPC runs a DoGet on the call's own thread and delivers that call's callbacks ({@code onReady},
 * {@code onCancel}) on the same serialized executor, so none of them arrives while the DoGet is busy or blocked.
 * This class therefore listens to the call's gRPC {@link Context}, which gRPC cancels at once when the client
 * cancels, disconnects or its deadline passes: that stops the query, which cancels its SQL statement even while
 * it is still executing. Readiness is polled with a short backoff. A query stopped for any reason (cancel action,
 * timeout, client gone) ends the wait at once.
 */
final class FlightBatchStream implements BatchStream, AutoCloseable {
    static final long READY_TIMEOUT_MILLIS = 30_000;
    private static final long MAX_POLL_MILLIS = 20;

    private final ServerStreamListener listener;
    private final RunningQuery query;
    private final Context call;
    private final Context.CancellationListener callEnded;
    private final QueryGuard.Registration wakeOnStop;
    private final Object wakeUp = new Object();

    /** Call on the DoGet's thread, where the call's gRPC context is current. */
    FlightBatchStream(ServerStreamListener listener, RunningQuery query) {
        this.listener = listener;
        this.query = query;
        this.call = Context.current();
        this.callEnded = context -> query.stop(StopReason.CLIENT_GONE);
        this.wakeOnStop = query.onStop(() -> {
            synchronized (wakeUp) {
                wakeUp.notifyAll();
            }
        });
        call.addListener(callEnded, Runnable::run); // runs at once if the call has ended already
    }

    @Override
    public void start(VectorSchemaRoot root) {
        query.checkActive();
        listener.start(root);
    }

    @Override
    public boolean batch(VectorSchemaRoot root, int rows) throws InterruptedException {
        long readyDeadline = System.nanoTime() + READY_TIMEOUT_MILLIS * 1_000_000;
        long pause = 1;
        while (true) {
            if (clientGone()) {
                return false;
            }
            query.checkActive();
            if (listener.isReady()) {
                break;
            }
            if (System.nanoTime() - readyDeadline > 0) {
                throw CallStatus.TIMED_OUT.withDescription("the client did not read for " + READY_TIMEOUT_MILLIS / 1000
                        + " s, so the server ended the stream").toRuntimeException();
            }
            synchronized (wakeUp) {
                if (!query.isStopped()) {
                    wakeUp.wait(pause);
                }
            }
            pause = Math.min(pause * 2, MAX_POLL_MILLIS);
        }
        listener.putNext();
        return true;
    }

    private boolean clientGone() {
        if (call.isCancelled() || listener.isCancelled()) {
            query.stop(StopReason.CLIENT_GONE);
            return true;
        }
        return false;
    }

    /** Stops listening to the call; its end no longer concerns the query. */
    @Override
    public void close() {
        call.removeListener(callEnded);
        wakeOnStop.close();
    }
}
