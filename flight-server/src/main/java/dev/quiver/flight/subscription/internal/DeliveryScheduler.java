package dev.quiver.flight.subscription.internal;

/**
 * Where subscribers run their deliveries and linger timers, and what time it is. A seam: tests run tasks and
 * advance time by hand so nothing sleeps.
 */
public interface DeliveryScheduler {

    /** Runs {@code task} soon on a delivery thread. */
    void execute(Runnable task);

    /** Runs {@code task} on a delivery thread after {@code delayNanos}. */
    void schedule(Runnable task, long delayNanos);

    /** Monotonic time, as {@link System#nanoTime()}. */
    long nanoTime();
}
