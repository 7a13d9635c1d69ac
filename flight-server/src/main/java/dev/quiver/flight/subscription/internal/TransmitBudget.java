package dev.quiver.flight.subscription.internal;

import dev.quiver.flight.subscription.DeliveryScheduler;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongConsumer;

/**
 * The bytes of subscriber batches the server may have in transmission at once, across all subscribers: encoded
 * into Arrow buffers and handed to gRPC, but not yet written to the network. Those buffers are direct memory, so
 * without a bound 50 subscribers of 1 MiB events (8 MiB batches each) could hold 400 MiB and take the server past
 * {@code -XX:MaxDirectMemorySize}. A subscriber takes bytes before it encodes a batch and gives them back once its
 * transport is ready again (gRPC has written the batch); when the budget is spent it queues and is granted its bytes,
 * first come first served, as others give theirs back. A batch is always admitted when nothing is in transit, so a
 * batch larger than the whole budget still goes out, alone.
 *
 * <p>Grants run on the delivery scheduler, never on the caller's thread, so giving bytes back while holding a
 * subscriber's lock never runs another subscriber's code.
 */
public final class TransmitBudget {
    private final long capacity;
    private final DeliveryScheduler scheduler;

    // guarded by this
    private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
    private long inTransit;
    private long maxInTransit;
    private long waits;

    private record Waiter(long bytes, LongConsumer granted) {
    }

    public TransmitBudget(long capacity, DeliveryScheduler scheduler) {
        if (capacity < 1) {
            throw new IllegalArgumentException("transmit budget must be positive, got " + capacity);
        }
        this.capacity = capacity;
        this.scheduler = scheduler;
    }

    /**
     * Takes {@code bytes} now if they fit (and nobody is queued before us), else queues: {@code granted} later
     * receives the bytes, already taken, on a delivery thread.
     *
     * @return whether the bytes were taken now
     */
    public synchronized boolean tryTake(long bytes, LongConsumer granted) {
        if (waiting.isEmpty() && fits(bytes)) {
            take(bytes);
            return true;
        }
        waits++;
        waiting.addLast(new Waiter(bytes, granted));
        return false;
    }

    /** Gives bytes back and grants queued requests that now fit. */
    public void give(long bytes) {
        if (bytes <= 0) {
            return;
        }
        List<Waiter> granted = new ArrayList<>();
        synchronized (this) {
            inTransit -= bytes;
            if (inTransit < 0) {
                throw new IllegalStateException("gave back more transmit bytes than were taken: " + inTransit);
            }
            while (!waiting.isEmpty() && fits(waiting.peekFirst().bytes())) {
                Waiter next = waiting.pollFirst();
                take(next.bytes());
                granted.add(next);
            }
        }
        for (Waiter waiter : granted) {
            try {
                scheduler.execute(() -> waiter.granted().accept(waiter.bytes()));
            } catch (RejectedExecutionException e) {
                // the delivery pool stopped: the server is closing and every subscription with it
            }
        }
    }

    public synchronized long inTransit() {
        return inTransit;
    }

    /** The most bytes ever in transit at once. */
    public synchronized long maxInTransit() {
        return maxInTransit;
    }

    /** How often a batch had to wait for bytes. */
    public synchronized long waits() {
        return waits;
    }

    private boolean fits(long bytes) {
        return inTransit == 0 || inTransit + bytes <= capacity;
    }

    private void take(long bytes) {
        inTransit += bytes;
        maxInTransit = Math.max(maxInTransit, inTransit);
    }
}
