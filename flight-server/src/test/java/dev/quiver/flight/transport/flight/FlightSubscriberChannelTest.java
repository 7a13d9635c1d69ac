package dev.quiver.flight.transport.flight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.flight.request.QuiverException;
import dev.quiver.flight.request.Status;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.junit.jupiter.api.Test;

/** A subscription's channel on a DoGet stream: gRPC's readiness and cancel, and each Status as its Flight code. */
class FlightSubscriberChannelTest {
    private final Listener listener = new Listener();
    private final FlightSubscriberChannel channel = new FlightSubscriberChannel(listener);

    @Test
    void readinessCancelAndBatchesAreTheListeners() {
        Runnable ready = () -> { };
        Runnable cancel = () -> { };
        channel.onReady(ready);
        channel.onCancel(cancel);
        assertThat(listener.onReady).isSameAs(ready);
        assertThat(listener.onCancel).isSameAs(cancel);
        listener.ready = false;
        assertThat(channel.isReady()).isFalse();
        listener.cancelled = true;
        assertThat(channel.isCancelled()).isTrue();
        channel.start(null);
        channel.send(null);
        channel.send(null);
        assertThat(listener.started).isTrue();
        assertThat(listener.batches).isEqualTo(2);
    }

    @Test
    void aFailureEndsTheCallWithItsStatusAndMessageEvenWhenInternal() {
        for (Status status : Status.values()) {
            channel.fail(new QuiverException(status, "why: " + status));
            assertThat(listener.error).isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
                assertThat(e.status().code()).isEqualTo(status == Status.PERMISSION_DENIED
                        ? FlightStatusCode.UNAUTHORIZED // Flight's name for gRPC PERMISSION_DENIED
                        : FlightStatusCode.valueOf(status.name()));
                assertThat(e.status().description()).as("the subscriber's own message is kept").isEqualTo("why: " + status);
            });
        }
    }

    private static final class Listener implements ServerStreamListener {
        boolean ready = true;
        boolean cancelled;
        boolean started;
        int batches;
        Runnable onReady;
        Runnable onCancel;
        Throwable error;

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public void setOnCancelHandler(Runnable handler) {
            onCancel = handler;
        }

        @Override
        public boolean isReady() {
            return ready;
        }

        @Override
        public void setOnReadyHandler(Runnable handler) {
            onReady = handler;
        }

        @Override
        public void start(VectorSchemaRoot root, DictionaryProvider dictionaries, IpcOption option) {
            started = true;
        }

        @Override
        public void putNext() {
            batches++;
        }

        @Override
        public void putNext(ArrowBuf metadata) {
            batches++;
        }

        @Override
        public void putMetadata(ArrowBuf metadata) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void error(Throwable failure) {
            error = failure;
        }

        @Override
        public void completed() {
            throw new AssertionError("a subscription never completes");
        }
    }
}
