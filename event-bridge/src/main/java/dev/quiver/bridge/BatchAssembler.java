package dev.quiver.bridge;

import dev.quiver.sinks.api.DecodedEvent;
import dev.quiver.sinks.api.ObserverEventJson;
import dev.quiver.sinks.api.PoisonEventException;
import dev.quiver.sinks.api.Sink;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches and decodes one batch: messages until it holds {@link PipelineConfig#batchSize()} messages or
 * {@link PipelineConfig#batchBytes()} bytes (the source stops before a message that would not fit; a batch's first
 * message always comes), or its first message has waited {@link PipelineConfig#batchTime()}. Poison messages (what no sink can store, see
 * {@code ObserverEventJson}) and, while the sink is up, messages delivered more than
 * {@link PipelineConfig#maxDeliveries()} times are set aside for the dead-letter stream; an id seen twice in the
 * batch is written once.
 */
final class BatchAssembler {
    private static final Logger LOG = LoggerFactory.getLogger(BatchAssembler.class);

    private final String sinkName;
    private final Sink sink;
    private final EventSource source;
    private final PipelineConfig config;
    private final BridgeMetrics metrics;
    private final PipelineStatus status;
    private final RetryTiming timing;
    private final Time time;

    BatchAssembler(String sinkName, Sink sink, EventSource source, PipelineConfig config, BridgeMetrics metrics,
                   PipelineStatus status, RetryTiming timing, Time time) {
        this.sinkName = sinkName;
        this.sink = sink;
        this.source = source;
        this.config = config;
        this.metrics = metrics;
        this.status = status;
        this.timing = timing;
        this.time = time;
    }

    /** The next batch; empty when nothing came within the batch time, fetching failed, or the pipeline stops. */
    PendingBatch fill() {
        PendingBatch batch = new PendingBatch(config.batchSize());
        long deadline = 0;
        long bytes = 0;
        while (!status.stopping && batch.size() < config.batchSize() && bytes < config.batchBytes()) {
            Duration wait = config.batchTime();
            if (!batch.isEmpty()) {
                long left = deadline - time.nanoTime();
                if (left <= 0) {
                    break;
                }
                wait = Duration.ofNanos(left);
            }
            EventSource.Fetched fetched;
            try {
                fetched = source.fetch(config.batchSize() - batch.size(), config.batchBytes() - bytes, wait);
            } catch (RuntimeException e) {
                status.lastError = "fetch failed: " + e;
                LOG.warn("pipeline {}: fetching failed ({}); pausing", sinkName, e.toString());
                timing.pause(config.retryBackoff());
                break;
            }
            List<InboundMessage> messages = fetched.messages();
            if (messages.isEmpty()) {
                if (batch.isEmpty()) {
                    break;
                }
                continue;
            }
            if (batch.isEmpty()) {
                deadline = time.nanoTime() + config.batchTime().toNanos();
            }
            for (InboundMessage message : messages) {
                bytes += message.size();
            }
            accept(batch, messages);
            if (fetched.byteLimited()) {
                break;
            }
        }
        metrics.batchBytes(bytes);
        return batch;
    }

    private void accept(PendingBatch batch, List<InboundMessage> messages) {
        metrics.received(messages.size());
        Boolean sinkUp = null;
        for (InboundMessage message : messages) {
            try {
                DecodedEvent event = ObserverEventJson.decodeSlices(message.data(), config.maxEventBytes());
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
}
