package dev.quiver.bridge;

import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * De-duplication for one sink, on top of a {@link DedupStore}.
 *
 * <p><b>Never lose an event.</b> An id only counts as seen once its sink has stored it: the pipeline asks
 * {@link #check} which ids of a batch are already stored <em>before</em> writing, skips those, and calls
 * {@link #markStored} only <em>after</em> the sink's write returned. Marking first (a {@code SET NX} claim)
 * would be wrong: if the write then failed or the bridge died, a redelivery would find the claim and drop an
 * event nobody stored. With check-then-mark the worst cases are harmless duplicates that the sinks'
 * idempotence (per {@code event_id}) absorbs: a crash between write and mark, or two bridge instances writing
 * the same id at once.
 *
 * <p><b>Redis trouble never stops the pipeline.</b> When the store fails or is slower than its timeout,
 * de-duplication is off for that batch: every event is written and the sink's idempotence prevents doubles.
 * It logs one WARN per outage, counts the batches, and stays off for {@code retryAfter} (so a dead Redis
 * costs no timeout per batch); then the next batch tries again and, if the store answers, it is back on.
 */
public final class Deduplicator {
    private static final Logger LOG = LoggerFactory.getLogger(Deduplicator.class);

    private final DedupStore store;
    private final String sink;
    private final Duration window;
    private final Duration retryAfter;
    private final Time time;
    private final BridgeMetrics metrics;
    private boolean available = true;
    private long retryAtNanos;
    private long outageStartNanos;

    /**
     * @param store      where stored ids are remembered, or {@code null} when de-duplication is switched off
     * @param window     how long a stored id is remembered
     * @param retryAfter how long de-duplication stays off after the store failed
     */
    public Deduplicator(DedupStore store, String sink, Duration window, Duration retryAfter, Time time,
                        BridgeMetrics metrics) {
        this.store = store;
        this.sink = sink;
        this.window = window;
        this.retryAfter = retryAfter;
        this.time = time;
        this.metrics = metrics;
        metrics.dedupEnabled(store != null);
    }

    /**
     * The outcome of a check.
     *
     * @param stored ids the sink already has; empty when de-duplication was off
     * @param active whether the store answered; only then are the batch's ids marked after the write
     */
    public record Check(Set<String> stored, boolean active) {
        static final Check OFF = new Check(Set.of(), false);
    }

    /** Which of {@code eventIds} the sink has already stored, as far as the store knows. */
    public Check check(Collection<String> eventIds) {
        if (store == null) {
            return Check.OFF;
        }
        if (!available && time.nanoTime() - retryAtNanos < 0) {
            metrics.dedupDisabledBatch();
            return Check.OFF;
        }
        try {
            Set<String> stored = store.stored(sink, eventIds);
            recovered();
            return new Check(stored, true);
        } catch (DedupUnavailableException e) {
            failed(e);
            metrics.dedupDisabledBatch();
            return Check.OFF;
        }
    }

    /** Remembers that the sink stored these ids; a no-op when the batch's {@link Check} was not active. */
    public void markStored(Check check, Collection<String> eventIds) {
        if (store == null || !check.active() || eventIds.isEmpty()) {
            return;
        }
        try {
            store.markStored(sink, eventIds, window);
        } catch (DedupUnavailableException e) {
            // the events are stored; a redelivery is then written again, which the sink's idempotence absorbs
            failed(e);
        }
    }

    /** Whether the last attempt reached the store (false also when de-duplication is switched off). */
    public boolean isActive() {
        return store != null && available;
    }

    private void failed(DedupUnavailableException e) {
        long now = time.nanoTime();
        retryAtNanos = now + retryAfter.toNanos();
        if (available) {
            available = false;
            outageStartNanos = now;
            metrics.dedupEnabled(false);
            LOG.warn("sink {}: de-duplication is OFF, the store does not answer ({}); every event is written and the"
                    + " sink's idempotence prevents duplicates; retrying every {} ms", sink, e.getMessage(),
                    retryAfter.toMillis());
        }
    }

    private void recovered() {
        if (!available) {
            available = true;
            metrics.dedupEnabled(true);
            LOG.info("sink {}: de-duplication is back ON after {} ms", sink,
                    Duration.ofNanos(time.nanoTime() - outageStartNanos).toMillis());
        }
    }
}
