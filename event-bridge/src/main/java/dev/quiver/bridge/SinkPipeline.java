package dev.quiver.bridge;

import dev.quiver.sinks.api.ObserverEventBatch;
import dev.quiver.sinks.api.Sink;
import dev.quiver.sinks.api.SinkException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves one sink's events from its durable consumer into the sink, on a thread of its own: its life (start the sink,
 * run, stop, close) is here, and each round's work is in three parts with one job each:
 * <ol>
 *   <li>{@link BatchAssembler} <b>fetches and decodes</b> a batch (poison and over-delivered messages set aside,
 *       in-batch duplicates written once); the server never has more than {@link PipelineConfig#maxAckPending()}
 *       unacknowledged messages out, which bounds memory;</li>
 *   <li>{@link BatchSettler} <b>settles</b> it: de-duplicate, write, dead-letter, mark, acknowledge;</li>
 *   <li>{@link WriteRetry} <b>writes</b> one Arrow batch and is the one retry layer: the sink classifies a
 *       failure, it decides (hold and retry, dead-letter, or isolate the event the sink fails on).</li>
 * </ol>
 * Fetching runs on a thread of its own ({@link BatchPrefetcher}) while the pipeline's thread settles the previous
 * batch, so the sink's write overlaps the next fetch and decode. At most two batches are held: the one being
 * settled and one prefetched, which waits until the settled one is done (batches are settled strictly in the order
 * they were fetched). {@link PipelineConfig#maxAckPending()} of at least twice the batch size lets both fill. All
 * waits use one back-off ({@link RetryTiming}).
 *
 * <p>{@link #close()} stops fetching, writes and acknowledges the batch in hand (a batch still failing is
 * handed back to the server instead), hands a prefetched batch back to the server (a nak, so it is
 * redelivered at once), then closes the source, the sink and the Arrow memory, in that order.
 */
public final class SinkPipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SinkPipeline.class);
    private static final Duration STOP_CHECK = RetryTiming.STOP_CHECK;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final String sinkName;
    private final Sink sink;
    private final EventSource source;
    private final DeadLetterPublisher deadLetters;
    private final Deduplicator dedup;
    private final PipelineConfig config;
    private final PipelineStatus status = new PipelineStatus();
    private final RetryTiming timing;
    private final BatchAssembler assembler;
    private final BatchSettler settler;
    private final BridgeMetrics metrics;
    private final Time time;
    private final BufferAllocator allocator;
    private final VectorSchemaRoot root;
    private final CountDownLatch finished = new CountDownLatch(1);
    private Thread thread;
    private boolean closed;

    /**
     * @param parentAllocator the pipeline takes a child of it for its batches and closes that child
     */
    public SinkPipeline(String sinkName, Sink sink, EventSource source, DeadLetterPublisher deadLetters,
                        Deduplicator dedup, PipelineConfig config, BridgeMetrics metrics, Time time,
                        BufferAllocator parentAllocator) {
        this.sinkName = sinkName;
        this.sink = sink;
        this.source = source;
        this.deadLetters = deadLetters;
        this.dedup = dedup;
        this.config = config;
        this.timing = new RetryTiming(config, time, status);
        this.metrics = metrics;
        this.time = time;
        this.allocator = parentAllocator.newChildAllocator("sink-" + sinkName, 0, Long.MAX_VALUE);
        this.root = ObserverEventBatch.create(allocator);
        this.assembler = new BatchAssembler(sinkName, sink, source, config, metrics, status, timing, time);
        this.settler = new BatchSettler(sinkName, sink, source, deadLetters, dedup, config, metrics, status, timing,
                new WriteRetry(sinkName, sink, source, root, config, metrics, status, timing, time), time);
    }

    /** Starts the pipeline's thread. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("pipeline " + sinkName + " was already started");
        }
        thread = new Thread(this::run, "bridge-" + sinkName);
        thread.start();
    }

    /** Asks the pipeline to stop after writing and acknowledging the batch in hand; returns at once. */
    public void stop() {
        status.stopping = true;
    }

    /** Waits until the pipeline's thread has finished; returns whether it did within {@code timeout}. */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return thread == null || finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public String sinkName() {
        return sinkName;
    }

    public Sink sink() {
        return sink;
    }

    public PipelineState state() {
        return status.state;
    }

    /** The last failure seen (sink, source or dead-letter stream), or {@code null} once things work again. */
    public String lastError() {
        return status.lastError;
    }

    public BridgeMetrics metrics() {
        return metrics;
    }

    public Deduplicator deduplicator() {
        return dedup;
    }

    private void run() {
        BatchPrefetcher<PendingBatch> prefetcher = new BatchPrefetcher<>(this::prefetch, this::handBack, STOP_CHECK);
        try {
            if (!startSink()) {
                return;
            }
            status.state = PipelineState.RUNNING;
            LOG.info("pipeline {} running", sinkName);
            prefetcher.start("bridge-" + sinkName + "-fetch");
            while (!status.stopping) {
                PendingBatch batch;
                try {
                    batch = prefetcher.take(STOP_CHECK);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    status.stopping = true;
                    break;
                }
                if (batch == null) {
                    continue;
                }
                try {
                    settler.flush(batch);
                } catch (RuntimeException e) {
                    status.lastError = e.toString();
                    LOG.error("pipeline {}: unexpected failure; continuing after a pause", sinkName, e);
                    timing.pause(config.retryBackoff());
                }
            }
            stopPrefetcher(prefetcher);
            status.state = PipelineState.STOPPED;
            LOG.info("pipeline {} stopped: {} received, {} stored", sinkName, metrics.receivedCount(),
                    metrics.storedCount());
        } finally {
            finished.countDown();
        }
    }

    private void stopPrefetcher(BatchPrefetcher<PendingBatch> prefetcher) {
        try {
            if (!prefetcher.stop(CLOSE_TIMEOUT)) {
                LOG.warn("pipeline {}: the fetching thread did not stop; its batch is redelivered after the ack wait",
                        sinkName);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The prefetching thread's fill: the next batch, or null when none came (or fetching failed unexpectedly). */
    private PendingBatch prefetch() {
        try {
            long started = time.nanoTime();
            PendingBatch batch = assembler.fill();
            if (batch.isEmpty()) {
                return null;
            }
            if (LOG.isDebugEnabled()) {
                LOG.debug("pipeline {}: fetched and decoded {} in {} ms", sinkName, batch.size(),
                        millis(time.nanoTime() - started));
            }
            return batch;
        } catch (RuntimeException e) {
            status.lastError = e.toString();
            LOG.error("pipeline {}: unexpected failure while fetching; continuing after a pause", sinkName, e);
            timing.pause(config.retryBackoff());
            return null;
        }
    }

    /** Gives a prefetched batch nobody will settle (the pipeline stops) back to the server for redelivery. */
    private void handBack(PendingBatch batch) {
        LOG.info("pipeline {}: stopping; {} prefetched messages go back to the server", sinkName, batch.size());
        try {
            batch.messages().forEach(message -> message.nak(Duration.ZERO));
            source.flushAcks();
        } finally {
            metrics.settled(batch.size());
        }
    }

    /** Starts the sink, retrying retriable failures; false if it failed for good or the pipeline is stopping. */
    boolean startSink() {
        status.state = PipelineState.STARTING;
        long attempts = 0;
        while (!status.stopping) {
            try {
                sink.start();
                status.lastError = null;
                return true;
            } catch (SinkException e) {
                status.lastError = e.getMessage();
                if (!e.isRetriable()) {
                    status.state = PipelineState.FAILED;
                    LOG.error("pipeline {}: the sink refused to start for good, nothing is consumed: {}", sinkName,
                            e.getMessage(), e);
                    return false;
                }
                LOG.warn("pipeline {}: the sink cannot start yet ({}); retrying", sinkName, e.getMessage());
            } catch (RuntimeException e) {
                status.lastError = e.toString();
                LOG.error("pipeline {}: the sink threw while starting; retrying", sinkName, e);
            }
            timing.pause(timing.backoff(++attempts));
        }
        status.state = PipelineState.STOPPED;
        return false;
    }

    /**
     * Fetches one batch and, if anything came, writes and settles it, all on the calling thread (the pipeline's
     * own thread overlaps the two instead). Returns the number of messages handled.
     */
    int runOnce() {
        long started = time.nanoTime();
        PendingBatch batch = assembler.fill();
        if (LOG.isDebugEnabled() && !batch.isEmpty()) {
            LOG.debug("pipeline {}: fetched {} in {} ms", sinkName, batch.size(), millis(time.nanoTime() - started));
        }
        if (!batch.isEmpty()) {
            settler.flush(batch);
        }
        return batch.size();
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    /** Stops (see {@link #stop()}), waits for the batch in hand, then closes source, sink and memory in order. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        try {
            if (!awaitStopped(CLOSE_TIMEOUT)) {
                LOG.warn("pipeline {} did not stop within {} s; interrupting it", sinkName, CLOSE_TIMEOUT.toSeconds());
                thread.interrupt();
                awaitStopped(Duration.ofSeconds(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            source.close();
        } finally {
            try {
                sink.close();
            } finally {
                root.close();
                allocator.close();
            }
        }
    }
}
