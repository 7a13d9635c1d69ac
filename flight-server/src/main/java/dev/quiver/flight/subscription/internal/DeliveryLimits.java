package dev.quiver.flight.subscription.internal;

import dev.quiver.flight.events.EventRow;
import dev.quiver.flight.subscription.SubscriptionConfig;

/**
 * The per-subscriber bounds.
 *
 * @param bufferEvents most events waiting for one subscriber
 * @param bufferBytes  most bytes ({@link EventRow#retainedBytes()}) waiting for one subscriber
 * @param batchEvents  events per batch; a full batch is sent at once
 * @param batchBytes   bytes per batch; a batch this large is sent at once, and none grows past it (bar one event)
 * @param lingerNanos  longest the oldest waiting event waits for a fuller batch
 */
public record DeliveryLimits(int bufferEvents, long bufferBytes, int batchEvents, long batchBytes, long lingerNanos) {
    /** Batches stop growing at 8 MiB, so 1,000 large events never make a 1 GB Flight message. */
    public static final long MAX_BATCH_BYTES = 8L << 20;

    public DeliveryLimits {
        if (bufferEvents < 1 || bufferBytes < 1 || batchEvents < 1 || batchBytes < 1 || lingerNanos < 0) {
            throw new IllegalArgumentException("delivery limits must be positive: " + bufferEvents + ", " + bufferBytes
                    + ", " + batchEvents + ", " + batchBytes + ", " + lingerNanos);
        }
    }

    public static DeliveryLimits of(SubscriptionConfig config) {
        return new DeliveryLimits(config.bufferEvents(), config.bufferBytes(), config.batchEvents(),
                Math.min(MAX_BATCH_BYTES, config.bufferBytes()), config.linger().toNanos());
    }
}
