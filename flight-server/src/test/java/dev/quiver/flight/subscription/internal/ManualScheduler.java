package dev.quiver.flight.subscription.internal;

import dev.quiver.flight.subscription.DeliveryScheduler;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Runs tasks only when told to, on the test's thread, with a clock the test advances. */
final class ManualScheduler implements DeliveryScheduler {
    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
    private final List<Timed> timers = new ArrayList<>();
    private long now = 1_000_000_000L;

    private record Timed(long due, Runnable task) {
    }

    @Override
    public void execute(Runnable task) {
        ready.add(task);
    }

    @Override
    public void schedule(Runnable task, long delayNanos) {
        timers.add(new Timed(now + delayNanos, task));
    }

    @Override
    public long nanoTime() {
        return now;
    }

    /** Runs every task that is ready, including those they queue. */
    void runReady() {
        Runnable task;
        while ((task = ready.poll()) != null) {
            task.run();
        }
    }

    /** Moves the clock on, fires the timers now due, and runs what is ready. */
    void advanceMillis(long millis) {
        now += millis * 1_000_000L;
        for (Iterator<Timed> it = timers.iterator(); it.hasNext(); ) {
            Timed timer = it.next();
            if (timer.due() <= now) {
                it.remove();
                ready.add(timer.task());
            }
        }
        runReady();
    }

    int pendingTimers() {
        return timers.size();
    }
}
