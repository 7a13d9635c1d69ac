package dev.quiver.flight.transport.flight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.flight.metrics.Outcome;
import dev.quiver.flight.metrics.QuiverMetrics;
import dev.quiver.flight.metrics.Transport;
import io.micrometer.core.instrument.MockClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Flight transport's meters, read off a fake producer's use of its stream listener. */
class MeteredFlightProducerTest {
    private final MockClock clock = new MockClock();
    private final QuiverMetrics metrics = new QuiverMetrics(clock);
    private final BufferAllocator allocator = new RootAllocator();

    @AfterEach
    void close() {
        metrics.close();
        allocator.close();
    }

    @Test
    void aCompletedStreamCountsItsBatchesRowsAndDuration() {
        run((root, listener) -> {
            listener.start(root);
            for (int rows : List.of(3, 2)) {
                root.setRowCount(rows);
                listener.putNext();
            }
            clock.add(Duration.ofMillis(40));
            listener.completed();
        }, new FakeListener(false));

        assertThat(requests(Outcome.OK)).isEqualTo(1);
        assertThat(metrics.registry().get(QuiverMetrics.ROWS_STREAMED).tag("transport", "flight").counter().count()).isEqualTo(5);
        assertThat(metrics.registry().get(QuiverMetrics.BATCHES_STREAMED).tag("transport", "flight").counter().count()).isEqualTo(2);
        assertThat(metrics.registry().get(QuiverMetrics.REQUEST_DURATION).tag("transport", "flight").tag("outcome", "ok")
                .timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(40);
        assertThat(inFlight()).isZero();
    }

    @Test
    void anInvalidArgumentErrorIsAnInvalidRequest() {
        run((root, listener) -> listener.error(CallStatus.INVALID_ARGUMENT.withDescription("nope").toRuntimeException()),
                new FakeListener(false));
        assertThat(requests(Outcome.INVALID_REQUEST)).isEqualTo(1);
    }

    @Test
    void aResourceExhaustedErrorIsALimitExceeded() {
        run((root, listener) -> listener.error(CallStatus.RESOURCE_EXHAUSTED.withDescription("big").toRuntimeException()),
                new FakeListener(false));
        assertThat(requests(Outcome.LIMIT_EXCEEDED)).isEqualTo(1);
    }

    @Test
    void anInternalErrorIsAnError() {
        run((root, listener) -> listener.error(CallStatus.INTERNAL.withDescription("bug").toRuntimeException()),
                new FakeListener(false));
        assertThat(requests(Outcome.ERROR)).isEqualTo(1);
    }

    @Test
    void returningFromACancelledStreamIsACancellation() {
        run((root, listener) -> {
            listener.start(root);
            root.setRowCount(3);
            listener.putNext();
        }, new FakeListener(true));
        assertThat(requests(Outcome.CANCELLED)).isEqualTo(1);
        assertThat(inFlight()).isZero();
    }

    @Test
    void aStreamStillOpenWhenTheProducerReturnsStaysInFlight() {
        FakeListener listener = new FakeListener(false);
        run((root, l) -> l.start(root), listener);
        assertThat(inFlight()).isEqualTo(1);
        listener.metered.completed();
        assertThat(inFlight()).isZero();
        assertThat(requests(Outcome.OK)).isEqualTo(1);
    }

    @Test
    void aClientCancelOfAStreamStillOpenEndsItAsCancelled() {
        FakeListener listener = new FakeListener(false);
        boolean[] producerSawCancel = {false};
        run((root, l) -> {
            l.setOnCancelHandler(() -> producerSawCancel[0] = true);
            l.start(root);
        }, listener);
        assertThat(inFlight()).isEqualTo(1);

        listener.onCancel.run(); // the client cancels the endless stream; the producer never completes it

        assertThat(producerSawCancel[0]).isTrue();
        assertThat(inFlight()).isZero();
        assertThat(requests(Outcome.CANCELLED)).isEqualTo(1);
    }

    private void run(BiConsumer<VectorSchemaRoot, ServerStreamListener> body, FakeListener listener) {
        Schema schema = new Schema(List.of(new Field("n", FieldType.nullable(new ArrowType.Int(32, true)), null)));
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            ((IntVector) root.getVector(0)).allocateNew(8);
            new MeteredFlightProducer(new NoOpFlightProducer() {
                @Override
                public void getStream(CallContext context, Ticket ticket, ServerStreamListener l) {
                    listener.metered = l;
                    body.accept(root, l);
                }
            }, metrics).getStream(null, new Ticket(new byte[0]), listener);
        }
    }

    private double requests(Outcome outcome) {
        return metrics.registry().get(QuiverMetrics.REQUESTS).tag("transport", Transport.FLIGHT.tag())
                .tag("outcome", outcome.tag()).counter().count();
    }

    private double inFlight() {
        return metrics.registry().get(QuiverMetrics.STREAMS_IN_FLIGHT).tag("transport", "flight").gauge().value();
    }

    /** A listener that accepts everything; {@code cancelled} is what the client did. */
    private static final class FakeListener implements ServerStreamListener {
        private final boolean cancelled;
        ServerStreamListener metered;
        Runnable onCancel;

        FakeListener(boolean cancelled) {
            this.cancelled = cancelled;
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
        public boolean isReady() {
            return true;
        }

        @Override
        public void start(VectorSchemaRoot root, DictionaryProvider dictionaries, IpcOption option) {
        }

        @Override
        public void putNext() {
        }

        @Override
        public void putNext(ArrowBuf metadata) {
        }

        @Override
        public void putMetadata(ArrowBuf metadata) {
        }

        @Override
        public void error(Throwable error) {
        }

        @Override
        public void completed() {
        }
    }
}
