package dev.quiver.client.internal;

import dev.quiver.client.ErrorCode;
import dev.quiver.client.QuiverQueryException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the endpoints of one FlightInfo at once, up to {@code parallelism} {@code DoGet} streams on as many threads,
 * and hands their batches out in endpoint order: all of the first endpoint's, then the second's, and so on. Each
 * reader keeps at most {@value #BUFFERED_BATCHES} batches of its endpoint ahead of the consumer (the Arrow buffers as
 * received, not copied), then waits; the first endpoint is always being read, so the consumer never waits on a
 * reader that waits on it.
 *
 * <p>Lifecycle: the readers start on the first {@link #hasNext()} or {@link #firstStreamSchema()}; an error of any
 * endpoint is thrown when the consumer reaches that endpoint; {@link #close()} cancels the streams still open, lets
 * the readers end (endpoints not started yet are not opened), waits for them and frees every batch not handed out.
 */
public final class ParallelEndpointStreams extends BatchStreams {
    private static final Logger LOG = LoggerFactory.getLogger(ParallelEndpointStreams.class);
    /** Batches one endpoint's reader may hold before the consumer takes them. */
    static final int BUFFERED_BATCHES = 8;
    private static final long STOP_WAIT_SECONDS = 30;
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final FlightConnections connections;
    private final List<FlightEndpoint> endpoints;
    private final int parallelism;
    private final BufferAllocator allocator;
    private final List<Part> parts = new ArrayList<>();
    private ExecutorService readers;
    private VectorSchemaRoot current;
    private int part;
    private volatile boolean closed;

    public ParallelEndpointStreams(FlightConnections connections, List<FlightEndpoint> endpoints, int parallelism,
            BufferAllocator allocator) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
        this.connections = connections;
        this.endpoints = List.copyOf(endpoints);
        this.parallelism = parallelism;
        this.allocator = allocator;
    }

    @Override
    public Schema firstStreamSchema() {
        if (endpoints.isEmpty()) {
            return null;
        }
        start();
        try {
            return parts.get(0).schema.join();
        } catch (CompletionException e) {
            throw rethrow(e.getCause());
        }
    }

    @Override
    protected VectorSchemaRoot root() {
        return current;
    }

    @Override
    protected boolean advance() {
        if (closed) {
            return false;
        }
        start();
        while (part < parts.size()) {
            Item item = take(parts.get(part));
            if (item.failure != null) {
                throw rethrow(item.failure);
            }
            if (item.batch() == null) { // this endpoint has ended
                part++;
                continue;
            }
            try (ArrowRecordBatch batch = item.batch) {
                if (current == null) {
                    current = VectorSchemaRoot.create(parts.get(part).schema.join(), allocator);
                }
                new VectorLoader(current).load(batch);
            }
            return true;
        }
        return false;
    }

    private Item take(Part from) {
        try {
            return from.queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QuiverQueryException(ErrorCode.CANCELLED, "interrupted while waiting for the next batch",
                    connections.primary().uri(), e);
        }
    }

    private synchronized void start() {
        if (readers != null || closed) {
            return;
        }
        int pool = POOLS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        readers = Executors.newFixedThreadPool(Math.min(parallelism, endpoints.size()), task -> {
            Thread thread = new Thread(task, "quiver-endpoints-" + pool + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        for (FlightEndpoint endpoint : endpoints) {
            Part reader = new Part(endpoint);
            parts.add(reader);
        }
        parts.forEach(reader -> readers.execute(reader::read)); // in endpoint order: the pool runs them in turn
        readers.shutdown(); // its threads end once every endpoint is read
    }

    /**
     * Stops the readers without interrupting them (an interrupt can lose a Flight stream's end, after which closing
     * the stream waits forever): each open stream is cancelled, which ends a read in progress; the queues are emptied,
     * which frees a reader waiting to hand over a batch, and a reader stops at its next hand-over; then, once every
     * reader has ended, whatever they queued meanwhile is freed.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        finish();
        parts.forEach(Part::cancel);
        parts.forEach(Part::drain);
        if (readers != null) {
            try {
                if (!readers.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    LOG.warn("endpoint readers still running {} s after the result was closed", STOP_WAIT_SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        parts.forEach(Part::drain);
        if (current != null) {
            current.close();
            current = null;
        }
    }

    private static RuntimeException rethrow(Throwable failure) {
        return failure instanceof RuntimeException runtime ? runtime
                : new IllegalStateException("reading an endpoint failed", failure);
    }

    /** What a reader hands over: a batch, its endpoint's end (neither set), or its failure. */
    private record Item(ArrowRecordBatch batch, RuntimeException failure) {
        static final Item END = new Item(null, null);
    }

    /** One endpoint: its stream, read on a reader thread into a bounded queue. */
    private final class Part {
        final FlightEndpoint endpoint;
        final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(BUFFERED_BATCHES);
        final CompletableFuture<Schema> schema = new CompletableFuture<>();
        private volatile FlightStream stream;

        Part(FlightEndpoint endpoint) {
            this.endpoint = endpoint;
        }

        void read() {
            Connection connection = null;
            try {
                if (closed) {
                    return;
                }
                connection = connections.forEndpoint(endpoint);
                stream = connection.client().getStream(endpoint.getTicket(), connection.options());
                if (closed) { // close() may have looked before the stream was set
                    stream.cancel("the query result was closed", null);
                }
                schema.complete(stream.getSchema());
                while (stream.next()) {
                    ArrowRecordBatch batch = new VectorUnloader(stream.getRoot()).getRecordBatch();
                    if (!offer(new Item(batch, null))) {
                        batch.close();
                        return;
                    }
                }
                offer(Item.END);
            } catch (FlightRuntimeException e) {
                fail(connection == null ? FlightErrors.toQuiver(e, connections.primary().uri())
                        : FlightErrors.toQuiver(e, connection.uri()));
            } catch (RuntimeException e) {
                fail(e);
            } finally {
                closeStream();
            }
        }

        private void fail(RuntimeException failure) {
            schema.completeExceptionally(failure);
            if (!closed) {
                offer(new Item(null, failure));
            }
        }

        /**
         * Queues {@code item}, waiting for room (closing empties the queue); false when the result was closed: the
         * reader stops, and closing frees what it queued.
         */
        private boolean offer(Item item) {
            if (closed) {
                return false;
            }
            try {
                queue.put(item);
                return !closed;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        void cancel() {
            FlightStream open = stream;
            if (open != null) {
                try {
                    open.cancel("the query result was closed", null);
                } catch (RuntimeException e) {
                    LOG.debug("cancelling an endpoint stream failed: {}", e.getMessage());
                }
            }
        }

        private void closeStream() {
            FlightStream open = stream;
            stream = null;
            if (open != null) {
                try {
                    open.close();
                } catch (Exception e) {
                    LOG.debug("closing an endpoint stream failed: {}", e.getMessage());
                }
            }
        }

        void drain() {
            Item item;
            while ((item = queue.poll()) != null) {
                if (item.batch != null) {
                    item.batch.close();
                }
            }
        }
    }
}
