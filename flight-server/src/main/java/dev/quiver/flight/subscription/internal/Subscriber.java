package dev.quiver.flight.subscription.internal;

import dev.quiver.flight.events.EventBatchWriter;
import dev.quiver.flight.events.EventRow;
import dev.quiver.flight.request.QuiverException;
import dev.quiver.flight.request.Status;
import dev.quiver.flight.subscription.DeliveryScheduler;
import dev.quiver.flight.subscription.SubscriberChannel;
import dev.quiver.flight.subscription.SubscriptionPlan;
import dev.quiver.flight.subscription.internal.SubscriberEvents.EndReason;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live subscription: a bounded buffer of matching events and the {@link SubscriberChannel} they go out on
 * (a Flight stream or an HTTP event stream).
 *
 * <p>Lifecycle: the hub {@link EventHub#register registers} it, the service opens the channel
 * ({@code channel.start}) and calls {@link #activate}; from then on {@link #offer} (the feed's thread) adds
 * events and a <em>drain</em> task on the shared delivery pool sends them as Arrow batches. At most one drain runs
 * at a time, so every call on the channel and the root is serialised. A drain sends a batch when it is full
 * ({@code batchEvents} or {@code batchBytes}) or its oldest event has waited {@code linger}; it returns when the
 * buffer is empty, the batch is not due yet (a linger timer is armed), the client's transport is not ready
 * ({@code isReady() == false}; the channel's ready handler starts the next drain), or the server-wide
 * {@link TransmitBudget} is spent (its grant starts the next drain). The bytes of a batch count against that budget
 * from before it is encoded until the transport is ready again, i.e. it has written the batch. No thread ever waits
 * for a client.
 *
 * <p>The stream ends exactly once: the client cancels ({@link #cancel}), the buffer overflows (RESOURCE_EXHAUSTED
 * "slow consumer"), the server closes ({@link #fail}), or sending fails (INTERNAL, also when the server is out of
 * direct memory: that subscription ends, the delivery thread and every other subscription go on). The buffer is
 * freed at once and the root is closed by the last drain.
 */
public final class Subscriber {
    private static final Logger LOG = LoggerFactory.getLogger(Subscriber.class);

    private final SubscriptionPlan plan;
    private final SubscriberChannel channel;
    private final VectorSchemaRoot root;
    private final DeliveryScheduler scheduler;
    private final DeliveryLimits limits;
    private final TransmitBudget budget;
    private final SubscriberEvents owner;

    // guarded by this
    private final ArrayDeque<EventRow> buffer = new ArrayDeque<>();
    private long bufferedBytes;
    private long oldestNanos;
    private boolean active;
    private boolean drainQueued;
    private boolean lingerArmed;
    private boolean awaitingReady;
    private boolean awaitingBudget;
    /** Budget bytes granted for the next batch, not yet used. */
    private long reserved;
    /** Budget bytes of the batch last handed to gRPC, held until the transport is ready again. */
    private long inTransit;
    private boolean cancelled;
    private boolean finished;
    private QuiverException failure;
    private EndReason failureReason;
    private int highWater;

    Subscriber(SubscriptionPlan plan, SubscriberChannel channel, VectorSchemaRoot root, DeliveryScheduler scheduler,
               DeliveryLimits limits, TransmitBudget budget, SubscriberEvents owner) {
        this.plan = plan;
        this.channel = channel;
        this.root = root;
        this.scheduler = scheduler;
        this.limits = limits;
        this.budget = budget;
        this.owner = owner;
    }

    public EventFilter filter() {
        return plan.filter();
    }

    /**
     * Buffers an event for this subscriber. Never blocks.
     *
     * @return the number of events now buffered, or -1 if the event was not taken (the stream is ending, or the
     *         buffer overflowed and the stream now ends with RESOURCE_EXHAUSTED)
     */
    public int offer(EventRow event) {
        synchronized (this) {
            if (finished || cancelled || failure != null) {
                return -1;
            }
            if (buffer.size() >= limits.bufferEvents()
                    || (!buffer.isEmpty() && bufferedBytes + event.retainedBytes() > limits.bufferBytes())) {
                failLocked(EndReason.SLOW_CONSUMER, new QuiverException(Status.RESOURCE_EXHAUSTED, "slow consumer: "
                        + buffer.size() + " events (" + mebibytes(bufferedBytes) + ") buffered for this subscription,"
                        + " limit " + limits.bufferEvents() + " events / " + mebibytes(limits.bufferBytes())
                        + "; read faster or narrow the filter (entityType:, types:)"));
                return -1;
            }
            long now = scheduler.nanoTime();
            if (buffer.isEmpty()) {
                oldestNanos = now;
            }
            buffer.addLast(event);
            bufferedBytes += event.retainedBytes();
            highWater = Math.max(highWater, buffer.size());
            if (active && !drainQueued && !awaitingReady && !awaitingBudget) {
                long wait = limits.lingerNanos() - (now - oldestNanos);
                if (batchDue(wait)) {
                    requestDrainLocked();
                } else {
                    armLingerLocked(wait);
                }
            }
            return buffer.size();
        }
    }

    /** The schema was sent: deliveries may start. */
    public void activate() {
        synchronized (this) {
            active = true;
            requestDrainLocked();
        }
    }

    /** The client's transport can take more (the channel's ready handler). */
    public void ready() {
        synchronized (this) {
            releaseInTransitLocked();
            awaitingReady = false;
            requestDrainLocked();
        }
    }

    /** The client cancelled or went away: drop the buffer and leave the hub at once. */
    public void cancel() {
        synchronized (this) {
            if (cancelled || finished) {
                return;
            }
            cancelled = true;
            buffer.clear();
            bufferedBytes = 0;
            requestDrainLocked();
        }
        owner.ended(this, EndReason.CANCELLED);
    }

    /** Ends the stream with {@code error} (unless it already ends). */
    public void fail(EndReason reason, QuiverException error) {
        synchronized (this) {
            if (finished || cancelled || failure != null) {
                return;
            }
            failLocked(reason, error);
        }
    }

    /** The budget granted this subscriber's queued request (on a delivery thread). */
    private void granted(long bytes) {
        synchronized (this) {
            awaitingBudget = false;
            if (finished || cancelled || failure != null) {
                budget.give(bytes);
                return;
            }
            reserved += bytes;
            requestDrainLocked();
        }
    }

    /** Events buffered now. */
    public synchronized int buffered() {
        return buffer.size();
    }

    /** The most events ever buffered at once. */
    public synchronized int highWater() {
        return highWater;
    }

    /** Whether the root was released (the stream is over and its last drain ran). */
    synchronized boolean isFinished() {
        return finished;
    }

    /** Closes the root if no drain will (the delivery pool was stopped). */
    void forceClose() {
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
            buffer.clear();
            releaseBudgetLocked();
        }
        root.close();
    }

    private void failLocked(EndReason reason, QuiverException error) {
        failure = error;
        failureReason = reason;
        buffer.clear();
        bufferedBytes = 0;
        requestDrainLocked();
    }

    private void drain() {
        while (true) {
            List<EventRow> batch;
            QuiverException error = null;
            EndReason reason;
            synchronized (this) {
                if (finished) {
                    drainQueued = false;
                    return;
                }
                if (cancelled || failure != null) {
                    finished = true;
                    error = cancelled ? null : failure;
                    reason = cancelled ? EndReason.CANCELLED : failureReason;
                    batch = null;
                } else {
                    if (buffer.isEmpty()) {
                        drainQueued = false;
                        return;
                    }
                    long wait = limits.lingerNanos() - (scheduler.nanoTime() - oldestNanos);
                    if (!batchDue(wait)) {
                        drainQueued = false;
                        armLingerLocked(wait);
                        return;
                    }
                    if (awaitingBudget) {
                        drainQueued = false;
                        return;
                    }
                    if (!channel.isReady()) {
                        drainQueued = false;
                        awaitingReady = true;
                        return;
                    }
                    releaseInTransitLocked();
                    if (reserved == 0) {
                        long wanted = nextBatchBytesLocked(limits.batchBytes());
                        if (!budget.tryTake(wanted, this::granted)) {
                            drainQueued = false;
                            awaitingBudget = true;
                            return;
                        }
                        reserved = wanted;
                    }
                    batch = takeBatchLocked(reserved);
                    inTransit = reserved;
                    reserved = 0;
                    reason = null;
                }
            }
            if (batch == null) {
                end(reason, error);
                return;
            }
            try {
                EventBatchWriter.write(root, plan.columns(), batch);
                channel.send(root);
                root.clear();
                owner.delivered(batch.size());
                synchronized (this) {
                    if (channel.isReady()) {
                        releaseInTransitLocked();
                    }
                }
            } catch (RuntimeException | OutOfMemoryError e) {
                // OutOfMemoryError here is direct memory for Arrow or gRPC buffers ("Cannot reserve ... direct buffer
                // memory"): this batch is lost to this subscriber, but the heap is fine and the thread goes on.
                root.clear();
                LOG.error("sending a batch of {} events to a subscriber failed; ending its stream{}", batch.size(),
                        e instanceof OutOfMemoryError ? " (out of direct memory: lower --subscription-transmit-bytes or"
                                + " raise -XX:MaxDirectMemorySize)" : "", e);
                fail(EndReason.FAILED, new QuiverException(Status.INTERNAL, "the server failed to send events to this"
                        + " subscription; its log has the details. Subscribe again."));
            }
        }
    }

    private void end(EndReason reason, QuiverException error) {
        try {
            if (error != null) {
                channel.fail(error);
            }
        } catch (RuntimeException e) {
            LOG.debug("could not send the end of a subscription ({}): {}", reason, e.toString());
        } finally {
            root.close();
            synchronized (this) {
                releaseBudgetLocked();
            }
            if (reason != EndReason.CANCELLED) {
                owner.ended(this, reason);
            }
        }
    }

    private boolean batchDue(long lingerLeftNanos) {
        return buffer.size() >= limits.batchEvents() || bufferedBytes >= limits.batchBytes() || lingerLeftNanos <= 0;
    }

    /**
     * The bytes of the next batch: the events at the head of the buffer, at most {@code batchEvents} of them and
     * {@code maxBytes} in all, but always at least one. {@link #takeBatchLocked} takes exactly these.
     */
    private long nextBatchBytesLocked(long maxBytes) {
        long bytes = 0;
        int events = 0;
        for (EventRow event : buffer) {
            if (events == limits.batchEvents() || (events > 0 && bytes + event.retainedBytes() > maxBytes)) {
                break;
            }
            bytes += event.retainedBytes();
            events++;
        }
        return bytes;
    }

    /** Takes the batch {@link #nextBatchBytesLocked} measures with {@code min(batchBytes, maxBytes)} off the buffer. */
    private List<EventRow> takeBatchLocked(long maxBytes) {
        long bytes = nextBatchBytesLocked(Math.min(limits.batchBytes(), maxBytes));
        List<EventRow> batch = new ArrayList<>();
        for (long taken = 0; taken < bytes; ) { // every event counts at least EventRow's overhead, so this ends
            EventRow event = buffer.pollFirst();
            taken += event.retainedBytes();
            batch.add(event);
        }
        bufferedBytes -= bytes;
        if (buffer.isEmpty()) {
            bufferedBytes = 0;
        }
        return batch;
    }

    private void releaseInTransitLocked() {
        budget.give(inTransit);
        inTransit = 0;
    }

    private void releaseBudgetLocked() {
        releaseInTransitLocked();
        budget.give(reserved);
        reserved = 0;
    }

    private void requestDrainLocked() {
        if (!active || drainQueued || finished) {
            return;
        }
        drainQueued = true;
        try {
            scheduler.execute(this::drain);
        } catch (RejectedExecutionException e) {
            drainQueued = false;
            LOG.debug("delivery pool stopped; the server is closing this subscription");
        }
    }

    private void armLingerLocked(long delayNanos) {
        if (lingerArmed) {
            return;
        }
        lingerArmed = true;
        try {
            scheduler.schedule(this::lingerExpired, Math.max(0, delayNanos));
        } catch (RejectedExecutionException e) {
            lingerArmed = false;
            LOG.debug("timer stopped; the server is closing this subscription");
        }
    }

    private void lingerExpired() {
        synchronized (this) {
            lingerArmed = false;
            if (!awaitingReady) {
                requestDrainLocked();
            }
        }
    }

    private static String mebibytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
