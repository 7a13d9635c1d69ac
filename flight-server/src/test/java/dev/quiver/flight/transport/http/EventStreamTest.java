package dev.quiver.flight.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.flight.metrics.QuiverMetrics;
import dev.quiver.flight.metrics.RequestObservation;
import dev.quiver.flight.metrics.Transport;
import dev.quiver.flight.request.QuiverException;
import dev.quiver.flight.request.Status;
import dev.quiver.flight.testing.Await;
import io.micrometer.core.instrument.MockClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Server-Sent Events of one subscription: the frames written, readiness, and how the stream ends. */
@Timeout(30)
class EventStreamTest {
    private static final Duration NO_HEARTBEAT = Duration.ofHours(1);

    private final BufferAllocator allocator = new RootAllocator();
    private final QuiverMetrics metrics = new QuiverMetrics(new MockClock());
    private final RequestObservation observation = metrics.begin(Transport.HTTP);
    private final VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(List.of(
            new Field("id", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
            new Field("n", FieldType.nullable(new ArrowType.Int(32, true)), null))), allocator);
    private final AtomicInteger readyCalls = new AtomicInteger();
    private final AtomicInteger cancelCalls = new AtomicInteger();

    @AfterEach
    void close() {
        root.close();
        allocator.close();
        metrics.close();
    }

    @Test
    void eachRowIsOneNextEventAndAnErrorEndsTheStreamWithComplete() {
        FakeExchange exchange = new FakeExchange(new ByteArrayOutputStream());
        EventStream stream = opened(exchange, NO_HEARTBEAT);
        assertThat(exchange.status).isEqualTo(200);
        assertThat(exchange.length).as("chunked").isZero();
        assertThat(exchange.getResponseHeaders().getFirst("Content-Type")).isEqualTo("text/event-stream; charset=utf-8");
        assertThat(exchange.getResponseHeaders().getFirst("Cache-Control")).isEqualTo("no-store");
        assertThat(exchange.body()).as("the client learns at once that it is subscribed").isEqualTo(": subscribed\n\n");

        assertThat(stream.isReady()).isTrue();
        stream.send(fill("a", 1, "b", null));
        assertThat(stream.isReady()).as("a batch waits for the writer").isFalse();
        stream.fail(new QuiverException(Status.RESOURCE_EXHAUSTED, "slow consumer: \"quoted\""));
        stream.run(); // writes what is queued, then ends: the error was the last frame

        assertThat(exchange.body()).isEqualTo(": subscribed\n\n"
                + "event: next\ndata: {\"data\":{\"events\":{\"id\":\"a\",\"n\":1}}}\n\n"
                + "event: next\ndata: {\"data\":{\"events\":{\"id\":\"b\",\"n\":null}}}\n\n"
                + "event: next\ndata: {\"errors\":[{\"message\":\"slow consumer: \\\"quoted\\\"\","
                + "\"extensions\":{\"code\":\"RESOURCE_EXHAUSTED\"}}]}\n\n"
                + "event: complete\n\n");
        assertThat(readyCalls).as("the subscriber hears the batch is written").hasValue(1);
        assertThat(observation.rows()).isEqualTo(2);
        assertThat(observation.isFinished()).isTrue();
        assertThat(cancelCalls).hasValue(0);
    }

    @Test
    void nothingIsTakenAfterTheStreamEnded() {
        FakeExchange exchange = new FakeExchange(new ByteArrayOutputStream());
        EventStream stream = opened(exchange, NO_HEARTBEAT);
        stream.fail(new QuiverException(Status.UNAVAILABLE, "closing"));
        stream.send(fill("late", 1));
        stream.run();
        assertThat(exchange.body()).doesNotContain("late").endsWith("event: complete\n\n");
    }

    @Test
    void theServerClosingEndsTheStreamWithUnavailableAndCancelsTheSubscription() {
        FakeExchange exchange = new FakeExchange(new ByteArrayOutputStream());
        EventStream stream = opened(exchange, NO_HEARTBEAT);
        stream.close(new QuiverException(Status.UNAVAILABLE, "the server is shutting down"));
        assertThat(cancelCalls).as("the subscriber takes no more events").hasValue(1);
        stream.run();
        assertThat(exchange.body()).contains("\"code\":\"UNAVAILABLE\"").endsWith("event: complete\n\n");
        stream.cancelSubscription();
        assertThat(cancelCalls).as("once").hasValue(1);
    }

    @Test
    void silenceIsBrokenByCommentLines() throws Exception {
        FakeExchange exchange = new FakeExchange(new ByteArrayOutputStream());
        EventStream stream = opened(exchange, Duration.ofMillis(5));
        Thread writer = new Thread(stream::run, "event-stream-writer");
        writer.start();
        Await.until("two keep-alive comments", Duration.ofSeconds(10),
                () -> exchange.body().startsWith(": subscribed\n\n:\n\n:\n\n"));
        stream.fail(new QuiverException(Status.UNAVAILABLE, "closing"));
        writer.join(10_000);
        assertThat(writer.isAlive()).isFalse();
        assertThat(exchange.body()).endsWith("event: complete\n\n");
    }

    @Test
    void aClientThatWentAwayCancelsTheSubscription() {
        FakeExchange exchange = new FakeExchange(new OutputStream() {
            private int written;

            @Override
            public void write(int b) throws IOException {
                if (++written > ": subscribed\n\n".length()) {
                    throw new IOException("Broken pipe");
                }
            }
        });
        EventStream stream = opened(exchange, NO_HEARTBEAT);
        assertThat(stream.isCancelled()).isFalse();
        stream.send(fill("a", 1));
        stream.run(); // the write fails: the client is gone, and run returns
        assertThat(stream.isCancelled()).isTrue();
        assertThat(cancelCalls).hasValue(1);
        assertThat(observation.isFinished()).isTrue();
        assertThat(observation.rows()).isZero();
        stream.send(fill("b", 2));
        assertThat(stream.isReady()).as("nothing more is queued for a client that is gone").isTrue();
    }

    @Test
    void aClientThatIsGoneBeforeTheStreamOpensIsCancelledOnceItsHandlerIsSet() {
        FakeExchange exchange = new FakeExchange(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Connection reset");
            }
        });
        EventStream stream = new EventStream(exchange, "events", observation, NO_HEARTBEAT, WriteDeadline.Watch.NONE);
        stream.start(root);
        assertThat(stream.isCancelled()).isTrue();
        stream.onCancel(cancelCalls::incrementAndGet);
        assertThat(cancelCalls).hasValue(1);
        stream.run();
    }

    @Test
    void anEventStreamIsAcceptedWhenAcceptNamesItOrAnyType() {
        assertThat(EventStream.accepts(null)).isTrue();
        assertThat(EventStream.accepts("text/event-stream")).isTrue();
        assertThat(EventStream.accepts("application/json, text/event-stream;q=0.9")).isTrue();
        assertThat(EventStream.accepts("*/*")).isTrue();
        assertThat(EventStream.accepts("text/*")).isTrue();
        assertThat(EventStream.accepts("application/json")).isFalse();
        assertThat(EventStream.accepts("application/graphql-response+json, application/json")).isFalse();
    }

    private EventStream opened(FakeExchange exchange, Duration heartbeat) {
        EventStream stream = new EventStream(exchange, "events", observation, heartbeat, WriteDeadline.Watch.NONE);
        stream.onReady(readyCalls::incrementAndGet);
        stream.onCancel(cancelCalls::incrementAndGet);
        stream.start(root);
        return stream;
    }

    /** Fills the root with rows of (id, n) pairs. */
    private VectorSchemaRoot fill(Object... pairs) {
        VarCharVector ids = (VarCharVector) root.getVector(0);
        IntVector numbers = (IntVector) root.getVector(1);
        int rows = pairs.length / 2;
        ids.allocateNew(rows);
        numbers.allocateNew(rows);
        for (int row = 0; row < rows; row++) {
            ids.setSafe(row, ((String) pairs[2 * row]).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (pairs[2 * row + 1] == null) {
                numbers.setNull(row);
            } else {
                numbers.set(row, (Integer) pairs[2 * row + 1]);
            }
        }
        root.setRowCount(rows);
        return root;
    }
}
