package dev.quiver.bridge;

import dev.quiver.sinks.api.Sink;
import dev.quiver.sinks.api.SinkException;
import dev.quiver.sinks.api.SinkHealth;
import dev.quiver.sinks.api.WriteResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles one fetched batch, on the pipeline's thread, in this order:
 * <ol>
 *   <li><b>de-duplicate</b>: ids the sink already stored are skipped ({@link Deduplicator});</li>
 *   <li><b>write</b> the rest through {@link WriteRetry} (the one retry layer); a permanent failure dead-letters
 *       the batch; one nobody classified (a runtime exception) isolates the event the sink fails on and hands it
 *       back to the server, which counts its deliveries (see {@code store});</li>
 *   <li><b>dead-letter</b> poison, rejected and failed events and wait for the stream's confirmation;</li>
 *   <li><b>mark</b> the stored ids in the de-duplication store, then <b>acknowledge</b> every message of the
 *       batch. Nothing is acknowledged before it is stored or dead-lettered.</li>
 * </ol>
 */
final class BatchSettler {
    private static final Logger LOG = LoggerFactory.getLogger(BatchSettler.class);

    private final String sinkName;
    private final Sink sink;
    private final EventSource source;
    private final DeadLetterPublisher deadLetters;
    private final Deduplicator dedup;
    private final PipelineConfig config;
    private final BridgeMetrics metrics;
    private final PipelineStatus status;
    private final RetryTiming timing;
    private final WriteRetry writeRetry;
    private final Time time;

    BatchSettler(String sinkName, Sink sink, EventSource source, DeadLetterPublisher deadLetters, Deduplicator dedup,
                 PipelineConfig config, BridgeMetrics metrics, PipelineStatus status, RetryTiming timing,
                 WriteRetry writeRetry, Time time) {
        this.sinkName = sinkName;
        this.sink = sink;
        this.source = source;
        this.deadLetters = deadLetters;
        this.dedup = dedup;
        this.config = config;
        this.metrics = metrics;
        this.status = status;
        this.timing = timing;
        this.writeRetry = writeRetry;
        this.time = time;
    }

    /**
     * Settles {@code batch}; when that fails unexpectedly, hands all its messages back to the server (a nak after
     * the back-off) so nothing is acknowledged that was not stored or dead-lettered.
     */
    void flush(PendingBatch batch) {
        try {
            settle(batch);
        } catch (RuntimeException e) {
            status.lastError = e.toString();
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

    /**
     * Writes {@code toWrite} and records in {@code settled} what became of each event; false if the pipeline
     * stopped first. A write that fails in a way nobody classified (a runtime exception, not a
     * {@link SinkException}) is not retried as a whole: the events are written one at a time, so the others are
     * stored and the event the sink fails on is found. While the sink answers its health probe, such an event is a
     * suspect: handed back to the server (a nak with back-off), which counts its deliveries, so after
     * {@code --max-deliveries} it is dead-lettered ({@link BatchAssembler}). While the sink does not answer, the failure
     * is the sink's, not the event's: the events are held (in progress) and written again after a pause, as for a
     * retriable failure, so an outage never counts against an event.
     */
    private boolean store(List<PendingBatch.Entry> toWrite, PendingBatch batch, Settlement settled) {
        long holds = 0;
        List<PendingBatch.Entry> pending = toWrite;
        while (true) {
            WriteOutcome outcome = writeRetry.write(pending, batch);
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
                    WriteOutcome alone = writeRetry.write(List.of(entry), batch);
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
            status.lastError = "sink down (" + health.detail() + "): " + outcome.unclassified();
            LOG.warn("pipeline {}: the sink failed unexpectedly and does not answer ({}); holding {} events and"
                    + " retrying", sinkName, health.detail(), culprits.size());
            status.state = PipelineState.RETRYING;
            batch.messages().forEach(InboundMessage::inProgress);
            source.flushAcks();
            if (!timing.pause(timing.backoff(++holds))) {
                return false;
            }
            pending = culprits;
        }
    }

    /** How long a suspect waits before the server delivers it again: the back-off of its delivery count. */
    private Duration redeliveryDelay(long deliveries) {
        return timing.backoff(Math.max(deliveries, 1));
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
            status.lastError = "dead-letter stream: " + e.getMessage();
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

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}
