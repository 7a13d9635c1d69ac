package dev.quiver.flight.transport.http;

import dev.quiver.flight.request.Status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.flight.metrics.Outcome;
import dev.quiver.flight.metrics.QuiverMetrics;
import dev.quiver.flight.metrics.RequestObservation;
import dev.quiver.flight.metrics.Transport;
import io.micrometer.core.instrument.MockClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The streamed document: when the 200 is committed, how a late failure and a vanished client end it. */
class JsonBatchStreamTest {
    private final BufferAllocator allocator = new RootAllocator();
    private final QuiverMetrics metrics = new QuiverMetrics(new MockClock());
    private final RequestObservation observation = metrics.begin(Transport.HTTP);
    private final VectorSchemaRoot root = VectorSchemaRoot.create(
            new Schema(List.of(new Field("n", FieldType.nullable(new ArrowType.Int(32, true)), null))), allocator);

    @AfterEach
    void close() {
        root.close();
        allocator.close();
        metrics.close();
    }

    @Test
    void nothingIsCommittedBeforeTheFirstBatchAndEachBatchIsFlushed() throws Exception {
        FakeExchange exchange = new FakeExchange(new ByteArrayOutputStream());
        JsonBatchStream stream = new JsonBatchStream(exchange, "nums", HttpResponses.JSON_TYPE, observation);
        stream.start(root);
        assertThat(stream.committed()).isFalse();
        assertThat(exchange.status).isZero();

        assertThat(stream.batch(fill(1, 2), 2)).isTrue();
        assertThat(exchange.status).isEqualTo(200);
        assertThat(exchange.length).as("chunked").isZero();
        assertThat(exchange.body()).as("flushed per batch").isEqualTo("{\"data\":{\"nums\":[{\"n\":1},{\"n\":2}");

        assertThat(stream.batch(fill(3), 1)).isTrue();
        assertThat(stream.complete()).isEqualTo(Outcome.OK);
        assertThat(exchange.body()).isEqualTo("{\"data\":{\"nums\":[{\"n\":1},{\"n\":2},{\"n\":3}]}}");
        assertThat(exchange.getResponseHeaders().getFirst("Content-Type")).isEqualTo(HttpResponses.JSON_TYPE);
        assertThat(observation.rows()).isEqualTo(3);
    }

    @Test
    void anEmptyResultCommitsAtTheEnd() {
        FakeExchange exchange = new FakeExchange(new ByteArrayOutputStream());
        JsonBatchStream stream = new JsonBatchStream(exchange, "nums", HttpResponses.JSON_TYPE, observation);
        stream.start(root);
        assertThat(stream.complete()).isEqualTo(Outcome.OK);
        assertThat(exchange.status).isEqualTo(200);
        assertThat(exchange.body()).isEqualTo("{\"data\":{\"nums\":[]}}");
    }

    @Test
    void aFailureAfterTheFirstBatchAddsErrorsAfterTheData() throws Exception {
        FakeExchange exchange = new FakeExchange(new ByteArrayOutputStream());
        JsonBatchStream stream = new JsonBatchStream(exchange, "nums", HttpResponses.JSON_TYPE, observation);
        stream.start(root);
        stream.batch(fill(7), 1);
        stream.fail(new HttpProblem(Status.INTERNAL, 500, "the source went away (ref 1)", Map.of()));
        assertThat(exchange.body()).isEqualTo("{\"data\":{\"nums\":[{\"n\":7}]},"
                + "\"errors\":[{\"message\":\"the source went away (ref 1)\",\"extensions\":{\"code\":\"INTERNAL\"}}]}");
    }

    @Test
    void aFieldOfOneObjectIsItsRowNotAList() throws Exception {
        FakeExchange exchange = new FakeExchange(new ByteArrayOutputStream());
        JsonBatchStream stream = new JsonBatchStream(exchange, "created", HttpResponses.JSON_TYPE, observation, true);
        stream.start(root);
        stream.batch(fill(5), 1);
        assertThat(stream.complete()).isEqualTo(Outcome.OK);
        assertThat(exchange.body()).isEqualTo("{\"data\":{\"created\":{\"n\":5}}}");

        FakeExchange failed = new FakeExchange(new ByteArrayOutputStream());
        JsonBatchStream none = new JsonBatchStream(failed, "created", HttpResponses.JSON_TYPE, observation, true);
        none.start(root);
        none.batch(fill(), 0);
        none.fail(new HttpProblem(Status.TIMED_OUT, 504, "too slow", Map.of()));
        assertThat(failed.body()).isEqualTo("{\"data\":{\"created\":null},"
                + "\"errors\":[{\"message\":\"too slow\",\"extensions\":{\"code\":\"TIMED_OUT\"}}]}");
    }

    @Test
    void aClientThatWentAwayStopsTheStreamAsCancelled() throws Exception {
        FakeExchange exchange = new FakeExchange(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        });
        JsonBatchStream stream = new JsonBatchStream(exchange, "nums", HttpResponses.JSON_TYPE, observation);
        stream.start(root);
        assertThat(stream.batch(fill(1), 1)).as("stop producing").isFalse();
        assertThat(stream.complete()).isEqualTo(Outcome.CANCELLED);
        assertThat(observation.rows()).isZero();
    }

    private VectorSchemaRoot fill(int... values) {
        IntVector vector = (IntVector) root.getVector(0);
        vector.allocateNew(values.length);
        for (int i = 0; i < values.length; i++) {
            vector.set(i, values[i]);
        }
        root.setRowCount(values.length);
        return root;
    }
}
