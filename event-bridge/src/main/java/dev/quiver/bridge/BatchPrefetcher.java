package dev.quiver.bridge;

import java.time.Duration;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills the next batch on a thread of its own while the pipeline settles the current one, so fetching and
 * decoding overlap the sink's write. At most one batch waits: the filler starts the next fill only after the
 * consumer took the previous batch, so the pipeline never holds more than the batch it settles plus one.
 *
 * <p>Lifecycle: {@link #start} once; {@link #take} from one consumer thread; {@link #stop} once. A batch that
 * was filled but never taken is given to {@code handBack} by the filling thread before {@link #stop} returns,
 * so every batch ends up either taken or handed back, never both and never neither.
 *
 * @param <T> the batch type
 */
final class BatchPrefetcher<T> {
    private static final Logger LOG = LoggerFactory.getLogger(BatchPrefetcher.class);

    private final SynchronousQueue<T> handoff = new SynchronousQueue<>();
    private final Supplier<T> filler;
    private final Consumer<T> handBack;
    private final Duration stopCheck;
    private volatile boolean stopping;
    private Thread thread;

    /**
     * @param filler    fills one batch; {@code null} when nothing came (it should wait a little before returning
     *                  null, as a pull that expires does); must not throw
     * @param handBack  receives a filled batch nobody took because the prefetcher stopped
     * @param stopCheck how often a filling thread waiting for the consumer looks whether it should stop
     */
    BatchPrefetcher(Supplier<T> filler, Consumer<T> handBack, Duration stopCheck) {
        this.filler = filler;
        this.handBack = handBack;
        this.stopCheck = stopCheck;
    }

    /** Starts filling on a new thread called {@code threadName}. */
    synchronized void start(String threadName) {
        if (thread != null) {
            throw new IllegalStateException(threadName + " was already started");
        }
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** The next filled batch, or {@code null} if none was ready within {@code wait}. */
    T take(Duration wait) throws InterruptedException {
        return handoff.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Stops filling and waits up to {@code timeout} for the filling thread (interrupting it after that); a batch
     * filled but not taken has been handed back when this returns. The filler should notice the stop on its own
     * (the pipeline's stop flag), so this rarely waits longer than one fetch.
     *
     * @return whether the filling thread finished
     */
    boolean stop(Duration timeout) throws InterruptedException {
        stopping = true;
        Thread filling;
        synchronized (this) {
            filling = thread;
        }
        if (filling == null) {
            return true;
        }
        filling.join(timeout.toMillis());
        if (filling.isAlive()) {
            LOG.warn("{} did not stop within {} ms; interrupting it", filling.getName(), timeout.toMillis());
            filling.interrupt();
            filling.join(timeout.toMillis());
        }
        return !filling.isAlive();
    }

    private void run() {
        while (!stopping) {
            T batch = filler.get();
            if (batch == null) {
                continue;
            }
            if (!handOver(batch)) {
                handBack.accept(batch);
                return;
            }
        }
    }

    /** Waits until the consumer takes {@code batch}; false if the prefetcher stops (or is interrupted) first. */
    private boolean handOver(T batch) {
        try {
            while (!stopping) {
                if (handoff.offer(batch, stopCheck.toNanos(), TimeUnit.NANOSECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }
}
