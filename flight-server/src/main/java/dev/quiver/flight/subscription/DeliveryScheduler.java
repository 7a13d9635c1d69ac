package dev.quiver.flight.subscription;

/**
 * Where subscribers run their deliveries and linger timers, and what time it is. A seam: the composition root
 * picks the implementation (the server's is a small shared thread pool), tests run tasks and advance time by hand
 * so nothing sleeps.
 *
 * <p>A {@link SubscriptionService} owns the scheduler it is given: it closes it after ending every open stream and
 * before freeing their memory.
 */
public interface DeliveryScheduler {

    /** Runs {@code task} soon on a delivery thread. */
    void execute(Runnable task);

    /** Runs {@code task} on a delivery thread after {@code delayNanos}. */
    void schedule(Runnable task, long delayNanos);

    /** Monotonic time, as {@link System#nanoTime()}. */
    long nanoTime();

    /**
     * Stops taking tasks, lets queued deliveries finish for up to {@code timeoutMillis}, then interrupts them. The
     * default does nothing, for schedulers that own no threads.
     */
    default void close(long timeoutMillis) throws InterruptedException {
    }
}
