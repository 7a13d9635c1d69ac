package dev.quiver.flight.http;

import dev.quiver.flight.request.Status;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import dev.quiver.flight.metrics.Outcome;
import dev.quiver.flight.metrics.QuiverMetrics;
import dev.quiver.flight.metrics.RequestObservation;
import dev.quiver.flight.metrics.Transport;
import io.micrometer.core.instrument.MockClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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

    /** Records the status and body an exchange was given. */
    private static final class FakeExchange extends HttpExchange {
        private final Headers responseHeaders = new Headers();
        private final OutputStream body;
        int status;
        long length = -2;

        FakeExchange(OutputStream body) {
            this.body = body;
        }

        String body() {
            return ((ByteArrayOutputStream) body).toString(StandardCharsets.UTF_8);
        }

        @Override
        public Headers getRequestHeaders() {
            return new Headers();
        }

        @Override
        public Headers getResponseHeaders() {
            return responseHeaders;
        }

        @Override
        public URI getRequestURI() {
            return URI.create("/graphql");
        }

        @Override
        public String getRequestMethod() {
            return "POST";
        }

        @Override
        public HttpContext getHttpContext() {
            return null;
        }

        @Override
        public void close() {
        }

        @Override
        public InputStream getRequestBody() {
            return InputStream.nullInputStream();
        }

        @Override
        public OutputStream getResponseBody() {
            return body;
        }

        @Override
        public void sendResponseHeaders(int code, long responseLength) {
            status = code;
            length = responseLength;
        }

        @Override
        public InetSocketAddress getRemoteAddress() {
            return null;
        }

        @Override
        public int getResponseCode() {
            return status;
        }

        @Override
        public InetSocketAddress getLocalAddress() {
            return null;
        }

        @Override
        public String getProtocol() {
            return "HTTP/1.1";
        }

        @Override
        public Object getAttribute(String name) {
            return null;
        }

        @Override
        public void setAttribute(String name, Object value) {
        }

        @Override
        public void setStreams(InputStream in, OutputStream out) {
        }

        @Override
        public HttpPrincipal getPrincipal() {
            return null;
        }
    }
}
