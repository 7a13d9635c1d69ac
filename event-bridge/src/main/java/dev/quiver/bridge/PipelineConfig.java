package dev.quiver.bridge;

import dev.quiver.sinks.api.ObserverEventJson;
import java.time.Duration;
import java.util.Objects;

/**
 * How one sink's pipeline consumes, batches and retries.
 *
 * @param batchSize       a batch is written once it holds this many messages ({@code --batch-size}, default 10,000)
 * @param batchTime       ... or once its first message waited this long ({@code --batch-time}, default 500 ms: at
 *                        10,000 events/s a batch is written about twice a second, which keeps produce-to-stored
 *                        latency near one second while a backlog still drains in full batches)
 * @param maxAckPending   the consumer's MaxAckPending: the server delivers no more unacknowledged messages than
 *                        this, across all bridge instances; bounds in-flight memory ({@code --max-ack-pending},
 *                        default 20,000; at least {@code batchSize}; twice {@code batchSize} lets the pipeline
 *                        fetch the next batch while it writes the current one)
 * @param ackWait         the consumer's AckWait: an unacknowledged message is redelivered after this; must
 *                        outlast one sink write including the sink's own retries ({@code --ack-wait}, default 60 s)
 * @param retryBackoff    first pause after a retriable write failure, doubled per failure ({@code --retry-backoff},
 *                        default 500 ms)
 * @param retryBackoffMax longest pause between retries ({@code --retry-backoff-max}, default 30 s)
 * @param maxEventBytes   a message larger than this is poison, dead-lettered unread ({@code --max-event-bytes},
 *                        default 1 MiB, NATS's default max_payload)
 * @param maxDeliveries   a message the server delivered more often than this is dead-lettered (cause
 *                        {@code max_deliveries}) while the sink is up, so nothing is redelivered for ever
 *                        ({@code --max-deliveries}, default 10)
 * @param batchBytes      a batch is also written once its messages hold this many bytes, payload and headers
 *                        ({@code --batch-bytes}, default 8 MiB; the server stops a pull before a message that
 *                        would not fit, but a batch's first message always comes). With the one batch prefetched
 *                        while one is written, a pipeline holds at most two batches: this bounds the bridge's
 *                        memory when events are large, where {@code batchSize} alone would not
 */
public record PipelineConfig(int batchSize, Duration batchTime, int maxAckPending, Duration ackWait,
                             Duration retryBackoff, Duration retryBackoffMax, int maxEventBytes, int maxDeliveries,
                             long batchBytes) {

    /** The default {@code --max-event-bytes}. */
    public static final int DEFAULT_MAX_EVENT_BYTES = ObserverEventJson.MAX_EVENT_BYTES;
    /** The default {@code --max-deliveries}. */
    public static final int DEFAULT_MAX_DELIVERIES = 10;
    /** The default {@code --batch-bytes}: 8 MiB. */
    public static final long DEFAULT_BATCH_BYTES = 8L << 20;

    public static final PipelineConfig DEFAULTS = new PipelineConfig(10_000, Duration.ofMillis(500), 20_000,
            Duration.ofSeconds(60), Duration.ofMillis(500), Duration.ofSeconds(30));

    /** With the default {@code --max-event-bytes} and {@code --max-deliveries}. */
    public PipelineConfig(int batchSize, Duration batchTime, int maxAckPending, Duration ackWait,
                          Duration retryBackoff, Duration retryBackoffMax) {
        this(batchSize, batchTime, maxAckPending, ackWait, retryBackoff, retryBackoffMax, DEFAULT_MAX_EVENT_BYTES,
                DEFAULT_MAX_DELIVERIES);
    }

    /** With the default {@code --batch-bytes}. */
    public PipelineConfig(int batchSize, Duration batchTime, int maxAckPending, Duration ackWait,
                          Duration retryBackoff, Duration retryBackoffMax, int maxEventBytes, int maxDeliveries) {
        this(batchSize, batchTime, maxAckPending, ackWait, retryBackoff, retryBackoffMax, maxEventBytes, maxDeliveries,
                DEFAULT_BATCH_BYTES);
    }

    public PipelineConfig {
        Objects.requireNonNull(batchTime, "batchTime");
        Objects.requireNonNull(ackWait, "ackWait");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        Objects.requireNonNull(retryBackoffMax, "retryBackoffMax");
        if (batchSize < 1 || batchSize > 1_000_000) {
            throw new IllegalArgumentException("--batch-size must be 1..1000000, got " + batchSize);
        }
        if (batchTime.toMillis() < 1) {
            throw new IllegalArgumentException("--batch-time must be at least 1ms, got " + batchTime);
        }
        if (maxAckPending < batchSize) {
            throw new IllegalArgumentException("--max-ack-pending (" + maxAckPending + ") must be at least --batch-size ("
                    + batchSize + "), or a batch could never fill");
        }
        if (ackWait.compareTo(batchTime.multipliedBy(2)) < 0 || ackWait.toSeconds() < 1) {
            throw new IllegalArgumentException("--ack-wait (" + ackWait.toMillis() + "ms) must be at least 1s and twice"
                    + " --batch-time (" + batchTime.toMillis() + "ms), or messages are redelivered while still batched");
        }
        if (retryBackoff.toMillis() < 1 || retryBackoffMax.compareTo(retryBackoff) < 0) {
            throw new IllegalArgumentException("--retry-backoff must be at least 1ms and --retry-backoff-max at least"
                    + " --retry-backoff, got " + retryBackoff.toMillis() + "ms and " + retryBackoffMax.toMillis() + "ms");
        }
        if (maxEventBytes < 256 || maxEventBytes > 64 << 20) {
            throw new IllegalArgumentException("--max-event-bytes must be 256..67108864 (64 MiB), got " + maxEventBytes);
        }
        if (batchBytes < 1024) {
            throw new IllegalArgumentException("--batch-bytes must be at least 1024, got " + batchBytes);
        }
        if (maxDeliveries < 2) {
            throw new IllegalArgumentException("--max-deliveries must be at least 2 (one redelivery), got "
                    + maxDeliveries + "; keep it above the bridge restarts you expect during one sink outage");
        }
    }
}
