package dev.quiver.flight.admission;

import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * At most {@code max} result streams at once, across every transport that takes a slot. {@link #acquire()} never
 * waits: beyond the limit it throws {@link TooManyStreamsException} at once (Flight answers
 * {@code RESOURCE_EXHAUSTED}, HTTP 429 with {@code Retry-After}). Close the returned {@link StreamSlot} when the
 * stream ends, however it ends; closing twice is harmless.
 */
public final class StreamSlots {
    /** What a refused client is told to wait before retrying. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final int max;
    private final Semaphore free;

    public StreamSlots(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("the stream limit must be at least 1, got " + max);
        }
        this.max = max;
        this.free = new Semaphore(max);
    }

    /** A slot, or {@link TooManyStreamsException} when all {@link #max()} are taken. */
    public StreamSlot acquire() {
        if (!free.tryAcquire()) {
            throw new TooManyStreamsException(max, RETRY_AFTER);
        }
        return new StreamSlot(free::release);
    }

    public int max() {
        return max;
    }

    /** Slots taken right now. */
    public int inUse() {
        return max - free.availablePermits();
    }
}
