package dev.quiver.flight.server;

import dev.quiver.flight.control.RunningQuery;
import dev.quiver.flight.control.StopReason;
import dev.quiver.flight.exec.BatchStream;
import org.apache.arrow.flight.BackpressureStrategy;
import org.apache.arrow.flight.BackpressureStrategy.WaitResult;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Sends a {@link RunningQuery}'s batches to a Flight DoGet listener, waiting for the client to be ready before
 * each one ({@code isReady} backpressure).
 *
 * <p>From construction on, the call's cancellation (the client cancelled, went away, or its gRPC deadline passed)
 * stops the query, which cancels its SQL statement even while that is still executing. A stopped query (cancel
 * action, timeout) ends the wait for a slow client at once and fails the next {@link #batch} with its
 * {@link dev.quiver.flight.control.QueryStoppedException}.
 */
final class FlightBatchStream implements BatchStream {
    static final long READY_TIMEOUT_MILLIS = 30_000;

    private final ServerStreamListener listener;
    private final RunningQuery query;
    private final StopAwareBackpressure backpressure;

    FlightBatchStream(ServerStreamListener listener, RunningQuery query) {
        this.listener = listener;
        this.query = query;
        this.backpressure = new StopAwareBackpressure(query);
        backpressure.register(listener);
        query.onStop(backpressure::interruptWait);
        if (listener.isCancelled()) { // cancelled before the handler was in place
            query.stop(StopReason.CLIENT_GONE);
        }
    }

    @Override
    public void start(VectorSchemaRoot root) {
        query.checkActive();
        listener.start(root);
    }

    @Override
    public boolean batch(VectorSchemaRoot root, int rows) {
        long readyDeadline = System.nanoTime() + READY_TIMEOUT_MILLIS * 1_000_000;
        while (true) {
            if (listener.isCancelled()) {
                query.stop(StopReason.CLIENT_GONE);
                return false;
            }
            query.checkActive();
            long readyLeft = (readyDeadline - System.nanoTime()) / 1_000_000;
            if (readyLeft <= 0) {
                throw CallStatus.TIMED_OUT.withDescription("the client did not read for " + READY_TIMEOUT_MILLIS / 1000
                        + " s, so the server ended the stream").toRuntimeException();
            }
            long wait = Math.max(1, Math.min(readyLeft, query.remaining().toMillis() + 1));
            if (backpressure.waitForListener(wait) == WaitResult.READY) {
                break;
            }
        }
        query.checkActive();
        listener.putNext();
        return true;
    }

    /** Flight's callback backpressure that also stops waiting when the query stops, and stops it on cancel. */
    private static final class StopAwareBackpressure extends BackpressureStrategy.CallbackBackpressureStrategy {
        private final RunningQuery query;

        StopAwareBackpressure(RunningQuery query) {
            this.query = query;
        }

        @Override
        protected boolean shouldContinueWaiting(ServerStreamListener listener, long remainingMillis) {
            return !query.isStopped();
        }

        @Override
        protected void cancelCallback() {
            query.stop(StopReason.CLIENT_GONE);
        }
    }
}
