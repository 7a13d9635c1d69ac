package dev.quiver.flight.subscription.internal;

import dev.quiver.flight.subscription.DeliveryScheduler;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real scheduler: a small fixed pool of delivery threads shared by every subscriber (a subscriber occupies a
 * thread only while it encodes and hands over a batch, never while it waits for events or for its client) and
 * one timer thread for linger deadlines.
 */
public final class ExecutorDeliveryScheduler implements DeliveryScheduler, AutoCloseable {
    private final ExecutorService delivery;
    private final ScheduledThreadPoolExecutor timer;

    public ExecutorDeliveryScheduler(int threads) {
        this.delivery = Executors.newFixedThreadPool(threads, named("quiver-subscription-delivery"));
        this.timer = new ScheduledThreadPoolExecutor(1, named("quiver-subscription-timer"));
        this.timer.setRemoveOnCancelPolicy(true);
    }

    @Override
    public void execute(Runnable task) {
        delivery.execute(task);
    }

    @Override
    public void schedule(Runnable task, long delayNanos) {
        timer.schedule(() -> execute(task), delayNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    /** Stops taking tasks, lets queued deliveries finish for up to {@code timeoutMillis}, then interrupts them. */
    @Override
    public void close(long timeoutMillis) throws InterruptedException {
        timer.shutdownNow();
        delivery.shutdown();
        if (!delivery.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS)) {
            delivery.shutdownNow();
        }
    }

    @Override
    public void close() throws InterruptedException {
        close(5_000);
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
