package dev.quiver.flight.transport.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import dev.quiver.flight.metrics.Outcome;
import dev.quiver.flight.metrics.RequestObservation;
import dev.quiver.flight.request.BatchStream;
import java.io.IOException;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a result as {@code {"data":{"<resultKey>":[{...},...]}}} in a chunked HTTP response, writing and
 * flushing each Arrow batch as it arrives, so the server holds one batch (and a few KB of buffers), never the
 * whole answer. A mutation's field is one object, not a list (GraphQL's {@code createOrder(...): Order!}), so its
 * one row is answered as {@code {"data":{"<resultKey>":{...}}}}.
 *
 * <p>The 200 status is committed with the first batch (or at the end for an empty result), so a failure before
 * that still gets its proper status. A failure after it can only be reported in the body: the array is closed
 * and an {@code "errors"} member follows {@code "data"}, as GraphQL does for partial results. A client that
 * stops reading (its socket closes) ends the stream early as {@link Outcome#CANCELLED}; so does one that stops
 * reading but keeps its socket open, once a write has been blocked past the {@link WriteDeadline}.
 */
final class JsonBatchStream implements BatchStream {
    private static final Logger LOG = LoggerFactory.getLogger(JsonBatchStream.class);

    private final HttpExchange exchange;
    private final String resultKey;
    private final String contentType;
    private final RequestObservation observation;
    private final boolean oneRow;
    private final WriteDeadline.Watch writes;
    private RowJsonWriter rows;
    private JsonGenerator json;
    private long written;
    private boolean clientGone;

    /** A stream of a list of rows (a query's). */
    JsonBatchStream(HttpExchange exchange, String resultKey, String contentType, RequestObservation observation) {
        this(exchange, resultKey, contentType, observation, false);
    }

    /** @param oneRow whether the field is one object (a mutation's row; {@code null} if none came), not a list */
    JsonBatchStream(HttpExchange exchange, String resultKey, String contentType, RequestObservation observation,
                    boolean oneRow) {
        this(exchange, resultKey, contentType, observation, oneRow, WriteDeadline.Watch.NONE);
    }

    /** @param writes ends a write the client blocks for too long, or that outlives the query */
    JsonBatchStream(HttpExchange exchange, String resultKey, String contentType, RequestObservation observation,
                    boolean oneRow, WriteDeadline.Watch writes) {
        this.writes = writes;
        this.exchange = exchange;
        this.resultKey = resultKey;
        this.contentType = contentType;
        this.observation = observation;
        this.oneRow = oneRow;
    }

    @Override
    public void start(VectorSchemaRoot root) {
        rows = new RowJsonWriter(root);
    }

    @Override
    public boolean batch(VectorSchemaRoot root, int count) {
        if (oneRow && written + count > 1) {
            throw new IllegalStateException("a field of one object was answered " + (written + count) + " rows");
        }
        writes.begin();
        try {
            open();
            rows.writeRows(json, count);
            written += count;
            json.flush();
        } catch (IOException e) {
            return gone(e);
        } finally {
            writes.end();
        }
        observation.batch(count);
        return true;
    }

    /** Whether the status line has been sent, after which errors can only go in the body. */
    boolean committed() {
        return json != null;
    }

    /**
     * Writes the end of the document after the last batch and flushes it, leaving the response open until
     * {@link #end()}; {@link Outcome#OK}, or {@link Outcome#CANCELLED} if the client left.
     */
    Outcome complete() {
        if (clientGone) {
            return Outcome.CANCELLED;
        }
        writes.begin();
        try {
            open();
            endField();
            json.writeEndObject();
            json.flush();
            return Outcome.OK;
        } catch (IOException e) {
            gone(e);
            return Outcome.CANCELLED;
        } finally {
            writes.end();
        }
    }

    /** Ends the response (its last chunk): only then can the client tell that the answer is complete. */
    void end() {
        if (clientGone || json == null) {
            return;
        }
        writes.begin();
        try {
            json.close();
        } catch (IOException e) {
            gone(e);
        } finally {
            writes.end();
        }
    }

    /** Ends a committed response with {@code "errors"} after the rows sent so far. */
    void fail(HttpProblem problem) {
        if (clientGone) {
            return;
        }
        writes.begin();
        try {
            endField();
            HttpResponses.writeErrors(json, problem);
            json.writeEndObject();
            json.close();
        } catch (IOException e) {
            gone(e);
        } finally {
            writes.end();
        }
    }

    private void open() throws IOException {
        if (json != null) {
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, 0);
        json = HttpResponses.JSON.createGenerator(exchange.getResponseBody());
        json.writeStartObject();
        json.writeObjectFieldStart("data");
        if (oneRow) {
            json.writeFieldName(resultKey);
        } else {
            json.writeArrayFieldStart(resultKey);
        }
    }

    /** Ends the field's value and {@code "data"}. */
    private void endField() throws IOException {
        if (!oneRow) {
            json.writeEndArray();
        } else if (written == 0) {
            json.writeNull();
        }
        json.writeEndObject();
    }

    private boolean gone(IOException e) {
        clientGone = true;
        String ended = writes.endedBecause();
        if (ended != null) {
            LOG.info("HTTP answer of {} ended after {} rows: {}", resultKey, observation.rows(), ended);
        } else {
            LOG.debug("HTTP client of {} went away after {} rows: {}", resultKey, observation.rows(), e.toString());
        }
        return false;
    }
}
