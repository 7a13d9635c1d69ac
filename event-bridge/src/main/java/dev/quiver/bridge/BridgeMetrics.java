package dev.quiver.bridge;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The meters of one sink's pipeline, all tagged {@code sink=<name>}. In Prometheus form:
 * <pre>
 * quiver_bridge_events_received_total         messages fetched from the consumer (incl. poison and duplicates)
 * quiver_bridge_events_stored_total           events the sink stored
 * quiver_bridge_events_failed_total           events in write attempts that failed (each retry counts again)
 * quiver_bridge_events_dead_lettered_total    events published to the dead-letter stream, tag cause=poison|rejected|batch_failed
 * quiver_bridge_dedup_hits_total              duplicates skipped (already stored, or twice in one batch)
 * quiver_bridge_dedup_disabled_total          batches handled without de-duplication because the store failed
 * quiver_bridge_dedup_enabled                 1 while de-duplication works, 0 while it is off
 * quiver_bridge_consumer_pending              messages in the stream not yet delivered to the consumer (lag; polled)
 * quiver_bridge_consumer_ack_pending          messages delivered but not acknowledged (polled)
 * quiver_bridge_in_flight                     messages this pipeline holds unacknowledged
 * quiver_bridge_batch_size                    events per sink write (histogram)
 * quiver_bridge_write_latency_seconds         duration of sink writes that returned (histogram)
 * </pre>
 */
public final class BridgeMetrics {
    private final Counter received;
    private final Counter stored;
    private final Counter failed;
    private final Counter retried;
    private final Map<DeadLetter.Cause, Counter> deadLettered = new EnumMap<>(DeadLetter.Cause.class);
    private final Counter dedupHits;
    private final Counter dedupDisabled;
    private final AtomicLong dedupEnabled = new AtomicLong(1);
    private final AtomicLong consumerPending = new AtomicLong();
    private final AtomicLong consumerAckPending = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong maxInFlight = new AtomicLong();
    private final DistributionSummary batchSize;
    private final DistributionSummary batchBytes;
    private final Timer writeLatency;

    public BridgeMetrics(MeterRegistry registry, String sink) {
        received = counter(registry, "quiver.bridge.events.received", sink, "messages fetched from the consumer");
        stored = counter(registry, "quiver.bridge.events.stored", sink, "events the sink stored");
        failed = counter(registry, "quiver.bridge.events.failed", sink, "events in failed write attempts");
        retried = counter(registry, "quiver.bridge.sink.retries", sink, "writes that reached the sink, failed"
                + " retriably and are written again by the pipeline (not writes an open breaker refused)");
        for (DeadLetter.Cause cause : DeadLetter.Cause.values()) {
            deadLettered.put(cause, Counter.builder("quiver.bridge.events.dead.lettered")
                    .description("events published to the dead-letter stream")
                    .tag("sink", sink).tag("cause", cause.tag()).register(registry));
        }
        dedupHits = counter(registry, "quiver.bridge.dedup.hits", sink, "duplicates skipped");
        dedupDisabled = counter(registry, "quiver.bridge.dedup.disabled", sink,
                "batches handled without de-duplication because the store failed");
        gauge(registry, "quiver.bridge.dedup.enabled", sink, dedupEnabled, "1 while de-duplication works");
        gauge(registry, "quiver.bridge.consumer.pending", sink, consumerPending, "messages not yet delivered (lag)");
        gauge(registry, "quiver.bridge.consumer.ack.pending", sink, consumerAckPending, "delivered, not acknowledged");
        gauge(registry, "quiver.bridge.in.flight", sink, inFlight, "messages this pipeline holds unacknowledged");
        batchSize = DistributionSummary.builder("quiver.bridge.batch.size")
                .description("events per sink write").tag("sink", sink)
                .serviceLevelObjectives(1, 10, 100, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000)
                .register(registry);
        batchBytes = DistributionSummary.builder("quiver.bridge.batch.bytes")
                .description("message bytes (payload and headers) per fetched batch").tag("sink", sink)
                .baseUnit("bytes").register(registry);
        writeLatency = Timer.builder("quiver.bridge.write.latency")
                .description("duration of sink writes that returned").tag("sink", sink)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(2))
                .register(registry);
    }

    void received(int count) {
        received.increment(count);
        long now = inFlight.addAndGet(count);
        maxInFlight.accumulateAndGet(now, Math::max);
    }

    void settled(int count) {
        inFlight.addAndGet(-count);
    }

    void stored(int count) {
        stored.increment(count);
    }

    void failed(int count) {
        failed.increment(count);
    }

    /** A write that reached the sink failed retriably and will be written again. */
    void retried() {
        retried.increment();
    }

    void deadLettered(DeadLetter.Cause cause, int count) {
        deadLettered.get(cause).increment(count);
    }

    void dedupHits(int count) {
        dedupHits.increment(count);
    }

    void dedupDisabledBatch() {
        dedupDisabled.increment();
    }

    void dedupEnabled(boolean enabled) {
        dedupEnabled.set(enabled ? 1 : 0);
    }

    void batchWritten(int events, Duration latency) {
        batchSize.record(events);
        writeLatency.record(latency);
    }

    /** A fetched batch held this many message bytes (bounded by {@code --batch-bytes}). */
    void batchBytes(long bytes) {
        if (bytes > 0) {
            batchBytes.record(bytes);
        }
    }

    /** Records the consumer's lag as last polled from the server. */
    public void consumerLag(long pending, long ackPending) {
        consumerPending.set(pending);
        consumerAckPending.set(ackPending);
    }

    /** Messages the pipeline holds unacknowledged now. */
    public long inFlight() {
        return inFlight.get();
    }

    /** The most messages the pipeline ever held unacknowledged at once. */
    public long maxInFlight() {
        return maxInFlight.get();
    }

    public long receivedCount() {
        return (long) received.count();
    }

    public long storedCount() {
        return (long) stored.count();
    }

    public long failedCount() {
        return (long) failed.count();
    }

    public long deadLetteredCount(DeadLetter.Cause cause) {
        return (long) deadLettered.get(cause).count();
    }

    public long dedupHitCount() {
        return (long) dedupHits.count();
    }

    public long dedupDisabledCount() {
        return (long) dedupDisabled.count();
    }

    public boolean dedupEnabled() {
        return dedupEnabled.get() == 1;
    }

    private static Counter counter(MeterRegistry registry, String name, String sink, String description) {
        return Counter.builder(name).description(description).tag("sink", sink).register(registry);
    }

    private static void gauge(MeterRegistry registry, String name, String sink, AtomicLong value, String description) {
        Gauge.builder(name, value, AtomicLong::get).description(description).tag("sink", sink).register(registry);
    }
}
