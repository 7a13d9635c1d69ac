package dev.quiver.bridge;

import dev.quiver.sinks.api.ObserverEvent;
import dev.quiver.sinks.api.ObserverEventBatch;
import dev.quiver.sinks.api.ObserverEventJson;
import dev.quiver.sinks.api.PoisonEventException;
import dev.quiver.sinks.api.Sink;
import dev.quiver.sinks.api.SinkException;
import dev.quiver.sinks.api.SinkHealth;
import dev.quiver.sinks.api.WriteResult;
import dev.quiver.sinks.resilience.RetryIntervals;
import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves one sink's events from its durable consumer into the sink, on a thread of its own. Each round:
 * <ol>
 *   <li><b>fetch</b> until the batch holds {@link PipelineConfig#batchSize()} messages or its first message has
 *       waited {@link PipelineConfig#batchTime()}; the server never has more than
 *       {@link PipelineConfig#maxAckPending()} unacknowledged messages out, which bounds memory;</li>
 *   <li><b>decode</b>: poison messages (what no sink can store, see {@code ObserverEventJson}) and, while the sink
 *       is up, messages delivered more than {@link PipelineConfig#maxDeliveries()} times are set aside for the
 *       dead-letter stream; an id seen twice in the batch is written once;</li>
 *   <li><b>de-duplicate</b>: ids the sink already stored are skipped ({@link Deduplicator});</li>
 *   <li><b>write</b> the rest as one Arrow batch (one reused root in a child allocator). A retriable failure
 *       holds the batch unacknowledged and retries it with exponential back-off, telling the server the
 *       messages are in progress so they are not redelivered meanwhile; a permanent one dead-letters the
 *       batch; one nobody classified (a runtime exception) isolates the event the sink fails on and hands it
 *       back to the server, which counts its deliveries (see {@code store});</li>
 *   <li><b>dead-letter</b> poison, rejected and failed events and wait for the stream's confirmation;</li>
 *   <li><b>mark</b> the stored ids in the de-duplication store, then <b>acknowledge</b> every message of the
 *       batch. Nothing is acknowledged before it is stored or dead-lettered.</li>
 * </ol>
 * The first two steps run on a fetching thread of their own ({@link BatchPrefetcher}) while the pipeline's thread
 * does the rest for the previous batch, so the sink's write overlaps the next fetch and decode. At most two
 * batches are held: the one being settled and one prefetched, which waits until the settled one is done
 * (batches are settled strictly in the order they were fetched). {@link PipelineConfig#maxAckPending()} of at
 * least twice the batch size lets both fill.
 *
 * <p>{@link #close()} stops fetching, writes and acknowledges the batch in hand (a batch still failing is
 * handed back to the server instead), hands a prefetched batch back to the server (a nak, so it is
 * redelivered at once), then closes the source, the sink and the Arrow memory, in that order.
 */
public final class SinkPipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SinkPipeline.class);
    /** How often a back-off pause looks whether the pipeline is stopping. */
    private static final Duration STOP_CHECK = Duration.ofMillis(100);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final String sinkName;
    private final Sink sink;
    private final EventSource source;
    private final DeadLetterPublisher deadLetters;
    private final Deduplicator dedup;
    private final PipelineConfig config;
    /** Every retry's wait: {@code --retry-backoff}, doubling per attempt up to {@code --retry-backoff-max}. */
    private final IntervalFunction retryIntervals;
    private final BridgeMetrics metrics;
    private final Time time;
    private final BufferAllocator allocator;
    private final VectorSchemaRoot root;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile PipelineState state = PipelineState.NEW;
    private volatile String lastError;
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
        this.retryIntervals = RetryIntervals.doubling(config.retryBackoff(), config.retryBackoffMax());
        this.metrics = metrics;
        this.time = time;
        this.allocator = parentAllocator.newChildAllocator("sink-" + sinkName, 0, Long.MAX_VALUE);
        this.root = ObserverEventBatch.create(allocator);
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
        stopping = true;
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
        return state;
    }

    /** The last failure seen (sink, source or dead-letter stream), or {@code null} once things work again. */
    public String lastError() {
        return lastError;
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
            state = PipelineState.RUNNING;
            LOG.info("pipeline {} running", sinkName);
            prefetcher.start("bridge-" + sinkName + "-fetch");
            while (!stopping) {
                PendingBatch batch;
                try {
                    batch = prefetcher.take(STOP_CHECK);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopping = true;
                    break;
                }
                if (batch == null) {
                    continue;
                }
                try {
                    flush(batch);
                } catch (RuntimeException e) {
                    lastError = e.toString();
                    LOG.error("pipeline {}: unexpected failure; continuing after a pause", sinkName, e);
                    pause(config.retryBackoff());
                }
            }
            stopPrefetcher(prefetcher);
            state = PipelineState.STOPPED;
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
            PendingBatch batch = fill();
            if (batch.isEmpty()) {
                return null;
            }
            if (LOG.isDebugEnabled()) {
                LOG.debug("pipeline {}: fetched and decoded {} in {} ms", sinkName, batch.size(),
                        millis(time.nanoTime() - started));
            }
            return batch;
        } catch (RuntimeException e) {
            lastError = e.toString();
            LOG.error("pipeline {}: unexpected failure while fetching; continuing after a pause", sinkName, e);
            pause(config.retryBackoff());
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
        state = PipelineState.STARTING;
        long attempts = 0;
        while (!stopping) {
            try {
                sink.start();
                lastError = null;
                return true;
            } catch (SinkException e) {
                lastError = e.getMessage();
                if (!e.isRetriable()) {
                    state = PipelineState.FAILED;
                    LOG.error("pipeline {}: the sink refused to start for good, nothing is consumed: {}", sinkName,
                            e.getMessage(), e);
                    return false;
                }
                LOG.warn("pipeline {}: the sink cannot start yet ({}); retrying", sinkName, e.getMessage());
            } catch (RuntimeException e) {
                lastError = e.toString();
                LOG.error("pipeline {}: the sink threw while starting; retrying", sinkName, e);
            }
            pause(backoff(++attempts));
        }
        state = PipelineState.STOPPED;
        return false;
    }

    /**
     * Fetches one batch and, if anything came, writes and settles it, all on the calling thread (the pipeline's
     * own thread overlaps the two instead). Returns the number of messages handled.
     */
    int runOnce() {
        long started = time.nanoTime();
        PendingBatch batch = fill();
        if (LOG.isDebugEnabled() && !batch.isEmpty()) {
            LOG.debug("pipeline {}: fetched {} in {} ms", sinkName, batch.size(), millis(time.nanoTime() - started));
        }
        if (!batch.isEmpty()) {
            flush(batch);
        }
        return batch.size();
    }

    private PendingBatch fill() {
        PendingBatch batch = new PendingBatch();
        long deadline = 0;
        while (!stopping && batch.size() < config.batchSize()) {
            Duration wait = config.batchTime();
            if (!batch.isEmpty()) {
                long left = deadline - time.nanoTime();
                if (left <= 0) {
                    break;
                }
                wait = Duration.ofNanos(left);
            }
            List<InboundMessage> messages;
            try {
                messages = source.fetch(config.batchSize() - batch.size(), wait);
            } catch (RuntimeException e) {
                lastError = "fetch failed: " + e;
                LOG.warn("pipeline {}: fetching failed ({}); pausing", sinkName, e.toString());
                pause(config.retryBackoff());
                break;
            }
            if (messages.isEmpty()) {
                if (batch.isEmpty()) {
                    break;
                }
                continue;
            }
            if (batch.isEmpty()) {
                deadline = time.nanoTime() + config.batchTime().toNanos();
            }
            accept(batch, messages);
        }
        return batch;
    }

    private void accept(PendingBatch batch, List<InboundMessage> messages) {
        metrics.received(messages.size());
        Boolean sinkUp = null;
        for (InboundMessage message : messages) {
            try {
                ObserverEvent event = ObserverEventJson.decode(message.data(), config.maxEventBytes());
                long deliveries = message.deliveryCount();
                if (deliveries > config.maxDeliveries()) {
                    if (sinkUp == null) {
                        sinkUp = sink.health().up();
                    }
                    if (sinkUp) {
                        String reason = "delivered " + deliveries + " times (more than --max-deliveries "
                                + config.maxDeliveries() + ") while sink " + sinkName + " was up";
                        LOG.warn("pipeline {}: event {} (stream sequence {}) was {}; dead-lettering it", sinkName,
                                event.eventId(), message.streamSequence(), reason);
                        batch.addOverDelivered(event, message, reason);
                        continue;
                    }
                }
                if (!batch.add(event, message)) {
                    metrics.dedupHits(1);
                }
            } catch (PoisonEventException e) {
                batch.addPoison(message, e.reason());
            }
        }
    }

    private void flush(PendingBatch batch) {
        try {
            settle(batch);
        } catch (RuntimeException e) {
            lastError = e.toString();
            LOG.error("pipeline {}: handling a batch of {} failed; handing it back to the server", sinkName,
                    batch.size(), e);
            for (InboundMessage message : batch.messages()) {
                message.nak(config.retryBackoff());
            }
        } finally {
            metrics.settled(batch.size());
        }
    }

    private void settle(PendingBatch batch) {
        Settlement settled = new Settlement(batch);
        List<InboundMessage> done = settled.done;
        List<DeadLetter> letters = settled.letters;
        for (PendingBatch.Poison poison : batch.poison()) {
            letters.add(new DeadLetter(poison.message(), sinkName, poison.cause(), poison.reason(), poison.eventId()));
        }

        long started = time.nanoTime();
        List<String> ids = new ArrayList<>(batch.unique().size());
        batch.unique().forEach(entry -> ids.add(entry.event().eventId()));
        Deduplicator.Check check = dedup.check(ids);
        long checked = time.nanoTime();
        List<PendingBatch.Entry> toWrite = new ArrayList<>(batch.unique().size());
        for (PendingBatch.Entry entry : batch.unique()) {
            if (check.stored().contains(entry.event().eventId())) {
                done.add(entry.message());
            } else {
                toWrite.add(entry);
            }
        }
        metrics.dedupHits(batch.unique().size() - toWrite.size());

        List<String> storedIds = settled.storedIds;
        if (!toWrite.isEmpty() && !store(toWrite, batch, settled)) {
            LOG.info("pipeline {}: stopping while the sink fails; {} messages go back to the server", sinkName,
                    batch.size());
            batch.messages().forEach(message -> message.nak(Duration.ZERO));
            source.flushAcks();
            return;
        }

        long written = time.nanoTime();
        if (deadLetter(letters)) {
            letters.forEach(letter -> done.add(letter.original()));
        }
        long lettered = time.nanoTime();
        dedup.markStored(check, storedIds);
        long marked = time.nanoTime();
        done.forEach(InboundMessage::ack);
        for (InboundMessage suspect : settled.suspects) {
            suspect.nak(redeliveryDelay(suspect.deliveryCount()));
        }
        source.flushAcks();
        if (LOG.isDebugEnabled()) {
            LOG.debug("pipeline {}: batch of {} ({} written, {} duplicates, {} dead letters): dedup check {} ms,"
                            + " write {} ms, dead letters {} ms, dedup mark {} ms, ack {} ms", sinkName, batch.size(),
                    toWrite.size(), batch.repeats().size() + batch.unique().size() - toWrite.size(), letters.size(),
                    millis(checked - started), millis(written - checked), millis(lettered - written),
                    millis(marked - lettered), millis(time.nanoTime() - marked));
        }
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    /**
     * Writes {@code toWrite} and records in {@code settled} what became of each event; false if the pipeline
     * stopped first. A write that fails in a way nobody classified (a runtime exception, not a
     * {@link SinkException}) is not retried as a whole: the events are written one at a time, so the others are
     * stored and the event the sink fails on is found. While the sink answers its health probe, such an event is a
     * suspect: handed back to the server (a nak with back-off), which counts its deliveries, so after
     * {@code --max-deliveries} it is dead-lettered ({@link #accept}). While the sink does not answer, the failure
     * is the sink's, not the event's: the events are held (in progress) and written again after a pause, as for a
     * retriable failure, so an outage never counts against an event.
     */
    private boolean store(List<PendingBatch.Entry> toWrite, PendingBatch batch, Settlement settled) {
        long holds = 0;
        List<PendingBatch.Entry> pending = toWrite;
        while (true) {
            WriteOutcome outcome = writeWithRetry(pending, batch);
            if (outcome.abandoned()) {
                return false;
            }
            if (outcome.unclassified() == null) {
                settled.record(pending, outcome);
                return true;
            }
            List<PendingBatch.Entry> culprits = pending;
            if (pending.size() > 1) {
                LOG.error("pipeline {}: the sink failed on a batch of {} in a way nobody classified; writing its"
                        + " events one at a time to find the one it fails on", sinkName, pending.size(),
                        outcome.unclassified());
                culprits = new ArrayList<>();
                for (PendingBatch.Entry entry : pending) {
                    WriteOutcome alone = writeWithRetry(List.of(entry), batch);
                    if (alone.abandoned()) {
                        return false;
                    }
                    if (alone.unclassified() == null) {
                        settled.record(List.of(entry), alone);
                    } else {
                        culprits.add(entry);
                    }
                }
                if (culprits.isEmpty()) {
                    return true;
                }
            }
            SinkHealth health = sink.health();
            if (health.up()) {
                for (PendingBatch.Entry culprit : culprits) {
                    LOG.warn("pipeline {}: the sink fails on event {} (stream sequence {}, delivery {}) although it"
                                    + " is up: {}; handing it back, it is dead-lettered after --max-deliveries {}",
                            sinkName, culprit.event().eventId(), culprit.message().streamSequence(),
                            culprit.message().deliveryCount(), outcome.unclassified().toString(),
                            config.maxDeliveries());
                    settled.suspects.add(culprit.message());
                }
                return true;
            }
            lastError = "sink down (" + health.detail() + "): " + outcome.unclassified();
            LOG.warn("pipeline {}: the sink failed unexpectedly and does not answer ({}); holding {} events and"
                    + " retrying", sinkName, health.detail(), culprits.size());
            state = PipelineState.RETRYING;
            batch.messages().forEach(InboundMessage::inProgress);
            source.flushAcks();
            if (!pause(backoff(++holds))) {
                return false;
            }
            pending = culprits;
        }
    }

    /** How long a suspect waits before the server delivers it again: the back-off of its delivery count. */
    private Duration redeliveryDelay(long deliveries) {
        return backoff(Math.max(deliveries, 1));
    }

    /** The wait before retry number {@code attempt} (from 1). */
    private Duration backoff(long attempt) {
        return Duration.ofMillis(retryIntervals.apply((int) Math.min(attempt, Integer.MAX_VALUE)));
    }

    /** What became of the messages of one batch, gathered while it is settled. */
    private final class Settlement {
        /** Acknowledged at the end: stored, duplicates, and (once the stream confirmed them) dead letters. */
        final List<InboundMessage> done;
        final List<DeadLetter> letters = new ArrayList<>();
        final List<String> storedIds = new ArrayList<>();
        /** Handed back to the server (a nak) so that it counts their deliveries. */
        final List<InboundMessage> suspects = new ArrayList<>();

        Settlement(PendingBatch batch) {
            done = new ArrayList<>(batch.repeats());
        }

        /** Records a write that returned (stored, with rejections) or failed for good. */
        void record(List<PendingBatch.Entry> written, WriteOutcome outcome) {
            if (outcome.result() == null) {
                for (PendingBatch.Entry entry : written) {
                    letters.add(new DeadLetter(entry.message(), sinkName, DeadLetter.Cause.BATCH_FAILED,
                            outcome.failure(), entry.event().eventId()));
                }
                return;
            }
            Map<String, String> rejected = rejections(outcome.result(), written);
            int stored = 0;
            for (PendingBatch.Entry entry : written) {
                String reason = rejected.get(entry.event().eventId());
                if (reason == null) {
                    storedIds.add(entry.event().eventId());
                    done.add(entry.message());
                    stored++;
                } else {
                    letters.add(new DeadLetter(entry.message(), sinkName, DeadLetter.Cause.REJECTED, reason,
                            entry.event().eventId()));
                }
            }
            metrics.stored(stored);
        }
    }

    /** The rejected events of a write, by event id (the rejection's id, else the id at its row). */
    private Map<String, String> rejections(WriteResult result, List<PendingBatch.Entry> written) {
        Map<String, String> byId = new HashMap<>();
        for (WriteResult.Rejection rejection : result.rejected()) {
            String id = rejection.eventId();
            if (id == null && rejection.row() >= 0 && rejection.row() < written.size()) {
                id = written.get(rejection.row()).event().eventId();
            }
            if (id == null) {
                LOG.warn("pipeline {}: the sink rejected row {} without an event id; ignoring", sinkName, rejection.row());
                continue;
            }
            byId.put(id, rejection.reason() == null ? "rejected by sink " + sinkName : rejection.reason());
        }
        return byId;
    }

    /** Publishes the letters and waits for the stream; false (originals handed back for redelivery) on failure. */
    private boolean deadLetter(List<DeadLetter> letters) {
        if (letters.isEmpty()) {
            return true;
        }
        try {
            deadLetters.publish(letters);
        } catch (DeadLetterException | RuntimeException e) {
            lastError = "dead-letter stream: " + e.getMessage();
            LOG.warn("pipeline {}: could not dead-letter {} messages ({}); they will be redelivered", sinkName,
                    letters.size(), e.getMessage());
            letters.forEach(letter -> letter.original().nak(config.retryBackoff()));
            return false;
        }
        for (DeadLetter letter : letters) {
            metrics.deadLettered(letter.cause(), 1);
        }
        LOG.debug("pipeline {}: dead-lettered {} messages", sinkName, letters.size());
        return true;
    }

    private WriteOutcome writeWithRetry(List<PendingBatch.Entry> entries, PendingBatch batch) {
        List<ObserverEvent> events = new ArrayList<>(entries.size());
        entries.forEach(entry -> events.add(entry.event()));
        try {
            try {
                ObserverEventBatch.fill(root, events);
            } catch (RuntimeException e) {
                metrics.failed(events.size());
                lastError = e.toString();
                return WriteOutcome.unclassified(e);
            }
            long lastTouch = time.nanoTime();
            long failures = 0;
            while (true) {
                long start = time.nanoTime();
                try {
                    WriteResult result = sink.write(root);
                    metrics.batchWritten(events.size(), Duration.ofNanos(time.nanoTime() - start));
                    if (failures > 0) {
                        LOG.info("pipeline {}: the sink stored the batch after {} failed attempts", sinkName, failures);
                    }
                    state = PipelineState.RUNNING;
                    lastError = null;
                    return WriteOutcome.stored(result);
                } catch (SinkException e) {
                    metrics.failed(events.size());
                    lastError = e.getMessage();
                    if (!e.isRetriable()) {
                        LOG.error("pipeline {}: the sink refused a batch of {} for good; dead-lettering it: {}",
                                sinkName, events.size(), e.getMessage());
                        return WriteOutcome.failed("sink " + sinkName + " refused the batch: " + e.getMessage());
                    }
                    logRetry(failures, e.getMessage());
                } catch (RuntimeException e) {
                    metrics.failed(events.size());
                    lastError = e.toString();
                    return WriteOutcome.unclassified(e);
                }
                failures++;
                state = PipelineState.RETRYING;
                if (time.nanoTime() - lastTouch >= config.ackWait().toNanos() / 4) {
                    batch.messages().forEach(InboundMessage::inProgress);
                    source.flushAcks();
                    lastTouch = time.nanoTime();
                }
                if (!pause(backoff(failures))) {
                    return WriteOutcome.ABANDONED;
                }
            }
        } finally {
            root.clear();
        }
    }

    private void logRetry(long failures, String message) {
        if (failures == 0) {
            LOG.warn("pipeline {}: write failed ({}); holding the batch and retrying with back-off", sinkName, message);
        } else {
            LOG.debug("pipeline {}: write attempt {} failed: {}", sinkName, failures + 1, message);
        }
    }

    /** Waits {@code duration} unless the pipeline stops first; returns false if it is stopping. */
    private boolean pause(Duration duration) {
        long end = time.nanoTime() + duration.toNanos();
        try {
            while (!stopping) {
                long left = end - time.nanoTime();
                if (left <= 0) {
                    return true;
                }
                time.sleep(Duration.ofNanos(Math.min(left, STOP_CHECK.toNanos())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
        return false;
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

    /**
     * What became of a write: stored (with rejections), failed for good, failed in a way nobody classified (a
     * runtime exception), or given up because of a stop.
     */
    private record WriteOutcome(WriteResult result, String failure, RuntimeException unclassified, boolean abandoned) {
        static final WriteOutcome ABANDONED = new WriteOutcome(null, null, null, true);

        static WriteOutcome stored(WriteResult result) {
            return new WriteOutcome(result, null, null, false);
        }

        static WriteOutcome failed(String reason) {
            return new WriteOutcome(null, reason, null, false);
        }

        static WriteOutcome unclassified(RuntimeException e) {
            return new WriteOutcome(null, null, e, false);
        }
    }
}
