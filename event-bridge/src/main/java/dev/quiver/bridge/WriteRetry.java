package dev.quiver.bridge;

import dev.quiver.sinks.api.DecodedEvent;
import dev.quiver.sinks.api.ObserverEventBatch;
import dev.quiver.sinks.api.Sink;
import dev.quiver.sinks.api.SinkException;
import dev.quiver.sinks.api.WriteResult;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes events to the sink as one Arrow batch, and is the bridge's one retry layer: the sink classifies a failure
 * ({@link SinkException#isRetriable()}), this decides. A retriable failure holds the batch, unacknowledged, and
 * writes it again after the {@link RetryTiming} back-off, for as long as it takes, telling the server every quarter
 * of {@code --ack-wait} that the messages are still in progress so they are not redelivered meanwhile; a permanent
 * one ends with {@link WriteOutcome#failed}; a runtime exception with {@link WriteOutcome#unclassified}; a stop with
 * {@link WriteOutcome#ABANDONED}.
 */
final class WriteRetry {
    private static final Logger LOG = LoggerFactory.getLogger(WriteRetry.class);

    private final String sinkName;
    private final Sink sink;
    private final EventSource source;
    private final VectorSchemaRoot root;
    private final Duration touchEvery;
    private final BridgeMetrics metrics;
    private final PipelineStatus status;
    private final RetryTiming timing;
    private final Time time;

    WriteRetry(String sinkName, Sink sink, EventSource source, VectorSchemaRoot root, PipelineConfig config,
               BridgeMetrics metrics, PipelineStatus status, RetryTiming timing, Time time) {
        this.sinkName = sinkName;
        this.sink = sink;
        this.source = source;
        this.root = root;
        this.touchEvery = config.ackWait().dividedBy(4);
        this.metrics = metrics;
        this.status = status;
        this.timing = timing;
        this.time = time;
    }

    /** Writes {@code entries}; the messages of {@code batch} are the ones kept in progress while it retries. */
    WriteOutcome write(List<PendingBatch.Entry> entries, PendingBatch batch) {
        List<DecodedEvent> events = new ArrayList<>(entries.size());
        entries.forEach(entry -> events.add(entry.event()));
        try {
            try {
                ObserverEventBatch.fillDecoded(root, events);
            } catch (RuntimeException e) {
                metrics.failed(events.size());
                status.lastError = e.toString();
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
                    status.state = PipelineState.RUNNING;
                    status.lastError = null;
                    return WriteOutcome.stored(result);
                } catch (SinkException e) {
                    metrics.failed(events.size());
                    status.lastError = e.getMessage();
                    if (!e.isRetriable()) {
                        LOG.error("pipeline {}: the sink refused a batch of {} for good; dead-lettering it: {}",
                                sinkName, events.size(), e.getMessage());
                        return WriteOutcome.failed("sink " + sinkName + " refused the batch: " + e.getMessage());
                    }
                    if (!(e.getCause() instanceof CallNotPermittedException)) {
                        metrics.retried(); // reached the sink; an open breaker's refusal is not a write
                    }
                    logRetry(failures, e.getMessage());
                } catch (RuntimeException e) {
                    metrics.failed(events.size());
                    status.lastError = e.toString();
                    return WriteOutcome.unclassified(e);
                }
                failures++;
                status.state = PipelineState.RETRYING;
                if (time.nanoTime() - lastTouch >= touchEvery.toNanos()) {
                    batch.messages().forEach(InboundMessage::inProgress);
                    source.flushAcks();
                    lastTouch = time.nanoTime();
                }
                if (!timing.pause(timing.backoff(failures))) {
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
}
