package dev.quiver.flight.transport.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.sun.net.httpserver.HttpExchange;
import dev.quiver.flight.metrics.Outcome;
import dev.quiver.flight.metrics.RequestObservation;
import dev.quiver.flight.request.QuiverException;
import dev.quiver.flight.subscription.SubscriberChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscription answered over HTTP as Server-Sent Events, in the "distinct connections" shape of GraphQL over
 * SSE: {@code 200 text/event-stream}, then one {@code next} event per observer event,
 * {@code event: next\ndata: {"data":{"<field>":{...}}}}, its row written by the same {@link RowJsonWriter} as the
 * query answers. A stream the server ends gets a {@code next} event with {@code {"errors":[...]}} (code
 * RESOURCE_EXHAUSTED for a slow consumer, UNAVAILABLE when the server shuts down) followed by
 * {@code event: complete}. The client ends it by closing the connection.
 *
 * <p>Threads. The JDK HTTP server's response stream blocks, so this channel splits the work: the subscription's
 * delivery thread encodes each batch into bytes and queues them ({@link #send} never waits), and the request's own
 * worker thread writes them in {@link #run()}, blocking on the client as long as it must. The channel is ready
 * while nothing waits in the queue, and the writer runs the ready handler after each batch it wrote, so at most one
 * batch waits here and one is being written: a client that reads slowly fills the subscriber's bounded buffer,
 * which ends the stream with RESOURCE_EXHAUSTED as on Flight, and the shared feed never waits. When no event comes
 * for {@link #HEARTBEAT}, the writer sends a comment line: proxies keep the stream open, and a client that has gone
 * is found out (the write fails) even when nothing is published; it then cancels the subscription.
 */
final class EventStream implements SubscriberChannel {
    static final String CONTENT_TYPE = "text/event-stream; charset=utf-8";
    /** The longest silence before a comment line is written. */
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
    private static final byte[] OPENED = ascii(": subscribed\n\n");
    private static final Frame KEEP_ALIVE = new Frame(ascii(":\n\n"), 0, null);
    private static final String NEXT = "event: next\ndata: ";
    private static final String END_OF_EVENT = "\n\n";
    /** As graphql-sse writes it in this mode: no data. */
    private static final String COMPLETE = "event: complete\n\n";

    private final HttpExchange exchange;
    private final SerializedString resultKey;
    private final RequestObservation observation;
    private final long heartbeatNanos;
    /** Ends a write the client blocks past {@code --http-write-timeout} (the stream then ends as if it had left). */
    private final WriteDeadline.Watch writes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    // guarded by lock
    private final ArrayDeque<Frame> frames = new ArrayDeque<>();
    /** The last frame is queued: nothing more is taken. */
    private boolean ending;
    private Runnable cancelHandler;
    private boolean cancelRequested;

    private volatile Runnable readyHandler = () -> { };
    private volatile boolean cancelled;
    /** Set by {@link #start} on the worker thread, before any {@link #send} (the subscriber activates after it). */
    private RowJsonWriter rows;
    private OutputStream body;

    /**
     * Bytes to write: {@code rows} events, or none; {@code last} says how the stream ends when this is its last
     * frame (null otherwise).
     */
    private record Frame(byte[] bytes, int rows, Outcome last) {
    }

    EventStream(HttpExchange exchange, String resultKey, RequestObservation observation, Duration heartbeat,
                WriteDeadline.Watch writes) {
        this.writes = writes;
        this.exchange = exchange;
        this.resultKey = new SerializedString(resultKey);
        this.observation = observation;
        this.heartbeatNanos = heartbeat.toNanos();
    }

    /** Whether {@code accept} allows an event stream: it names {@code text/event-stream}, or any type. */
    static boolean accepts(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        for (String range : accept.split(",")) {
            String type = range.split(";")[0].trim().toLowerCase(java.util.Locale.ROOT);
            if (type.equals("text/event-stream") || type.equals("text/*") || type.equals("*/*")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void onReady(Runnable handler) {
        readyHandler = handler;
    }

    @Override
    public void onCancel(Runnable handler) {
        boolean runNow;
        lock.lock();
        try {
            cancelHandler = handler;
            runNow = cancelRequested;
        } finally {
            lock.unlock();
        }
        if (runNow) {
            handler.run();
        }
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    /** Sends the status line and headers and a first comment, so the client knows it is subscribed. */
    @Override
    public void start(VectorSchemaRoot root) {
        rows = new RowJsonWriter(root);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Accel-Buffering", "no"); // nginx: pass events on as they come
        writes.begin();
        try {
            exchange.sendResponseHeaders(200, 0);
            body = exchange.getResponseBody();
            body.write(OPENED);
            body.flush();
        } catch (IOException e) {
            clientGone(e); // the subscriber sees isCancelled() and leaves at once
        } finally {
            writes.end();
        }
    }

    @Override
    public boolean isReady() {
        lock.lock();
        try {
            return frames.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Encodes the batch as {@code next} events and queues them for the writer; never waits for the client. */
    @Override
    public void send(VectorSchemaRoot root) {
        if (cancelled) {
            return;
        }
        int count = root.getRowCount();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 * Math.max(1, count));
        try (JsonGenerator json = HttpResponses.JSON.createGenerator(bytes)) {
            json.setRootValueSeparator(null);
            for (int row = 0; row < count; row++) {
                json.writeRaw(NEXT);
                json.writeStartObject();
                json.writeObjectFieldStart("data");
                json.writeFieldName(resultKey);
                rows.writeRow(json, row);
                json.writeEndObject();
                json.writeEndObject();
                json.writeRaw(END_OF_EVENT);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode events as JSON", e); // in memory: not the client
        }
        queue(new Frame(bytes.toByteArray(), count, null), false);
    }

    /** Ends the stream: a {@code next} event with the error, then {@code complete}. */
    @Override
    public void fail(QuiverException error) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator json = HttpResponses.JSON.createGenerator(bytes)) {
            json.writeRaw(NEXT);
            json.writeStartObject();
            HttpResponses.writeErrors(json, error.status().name(), error.getMessage());
            json.writeEndObject();
            json.writeRaw(END_OF_EVENT);
            json.writeRaw(COMPLETE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode an error as JSON", e);
        }
        queue(new Frame(bytes.toByteArray(), 0, Outcome.of(error.status())), true);
    }

    /**
     * Ends the stream from the server's side (it is shutting down): {@code error} goes out as by {@link #fail} and
     * the subscription is cancelled at once, so it takes no more events.
     */
    void close(QuiverException error) {
        fail(error);
        requestCancel();
    }

    /**
     * Writes the queued frames to the client until the stream ends (the last frame is written, or the client is
     * gone); on the request's worker thread, which it holds until then.
     */
    void run() {
        try {
            while (true) {
                Frame frame = next();
                if (frame == null) {
                    return;
                }
                writes.begin();
                try {
                    body.write(frame.bytes());
                    body.flush();
                } finally {
                    writes.end();
                }
                if (frame.rows() > 0) {
                    observation.batch(frame.rows());
                }
                if (frame.last() != null) {
                    observation.finish(frame.last());
                    return;
                }
                if (frame != KEEP_ALIVE) {
                    readyHandler.run();
                }
            }
        } catch (IOException e) {
            clientGone(e);
        } catch (InterruptedException e) {
            // the HTTP server is stopping its workers without having closed this stream: it cuts the connection
            observation.finish(Outcome.ERROR);
            requestCancel();
            Thread.currentThread().interrupt();
        }
    }

    /** The next frame to write, a keep-alive after a heartbeat's silence, or null once the client is gone. */
    private Frame next() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            long wait = heartbeatNanos;
            while (frames.isEmpty()) {
                if (cancelled) {
                    return null;
                }
                if (wait <= 0) {
                    return KEEP_ALIVE;
                }
                wait = changed.awaitNanos(wait);
            }
            return frames.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    private void queue(Frame frame, boolean last) {
        lock.lock();
        try {
            if (ending || cancelled) {
                return;
            }
            ending = last;
            frames.addLast(frame);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void clientGone(IOException e) {
        LOG.debug("HTTP subscriber of {} went away after {} events: {}", resultKey, observation.rows(), e.toString());
        cancelled = true;
        observation.finish(Outcome.CANCELLED);
        requestCancel();
    }

    /** Cancels the subscription (it takes no more events) unless that happened already. */
    void cancelSubscription() {
        requestCancel();
    }

    /** Runs the cancel handler once: now if it is registered, else as soon as it is. */
    private void requestCancel() {
        Runnable handler;
        lock.lock();
        try {
            if (cancelRequested) {
                return;
            }
            cancelRequested = true;
            handler = cancelHandler;
        } finally {
            lock.unlock();
        }
        if (handler != null) {
            handler.run();
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
