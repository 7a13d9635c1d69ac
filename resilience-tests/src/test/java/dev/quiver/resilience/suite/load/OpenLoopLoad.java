package dev.quiver.resilience.suite.load;

import dev.quiver.resilience.harness.ScenarioLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop load: requests are due at the target rate whatever the server does, and each one's latency is measured
 * from the moment it was due, not from when a thread got round to sending it, so a slow server cannot hide its
 * queueing (no coordinated omission). One thread schedules; a pool of senders asks the queries. The load is bounded by
 * its phases (a rate for a time each, or until a condition but never longer than a time) and by the transport's
 * per-call deadline.
 */
final class OpenLoopLoad {
    /**
     * A stretch of load going linearly from {@code fromRate} to {@code toRate} requests per second over {@code length},
     * or, with an {@link Until}, at most {@code length}: it ends as soon as the condition holds.
     *
     * @param fault whether this stretch is a fault (a burst): it is then drawn as a fault window in the report
     * @param until when the phase may end early, or {@code null} to run its whole length
     */
    record Phase(String name, double fromRate, double toRate, Duration length, boolean fault, Until until) {
        Phase {
            if (fromRate <= 0 || toRate <= 0 || length.isNegative() || length.isZero()) {
                throw new IllegalArgumentException("a phase needs positive rates and length, got " + this);
            }
        }

        Phase(String name, double fromRate, double toRate, Duration length, boolean fault) {
            this(name, fromRate, toRate, length, fault, null);
        }

        static Phase steady(String name, double rate, Duration length) {
            return new Phase(name, rate, rate, length, false, null);
        }

        /** A steady phase that ends as soon as {@code until} holds, and after {@code longest} at the latest. */
        static Phase steadyUntil(String name, double rate, Duration longest, Until until) {
            return new Phase(name, rate, rate, longest, false, until);
        }

        /** How many requests this phase schedules if it runs its whole length (the integral of its rate). */
        long requests() {
            return Math.round((fromRate + toRate) / 2 * length.toNanos() / 1e9);
        }
    }

    /** The condition that ends an open-ended {@link Phase}, checked by the scheduler about every 100 ms. */
    @FunctionalInterface
    interface Until {
        /**
         * @param earlier            the windows of the phases before this one
         * @param earlierUnanswered  how many requests of those phases have no answer yet
         */
        boolean reached(List<Window> earlier, long earlierUnanswered);
    }

    /** When a phase ran, in scenario milliseconds, and how many requests it scheduled. */
    record Window(String name, long startMs, long endMs, long requests) {
    }

    private static final long UNTIL_CHECK_NANOS = 100_000_000L;

    private final ScenarioLog log;
    private final int senders;
    private final long orders;
    private final Duration drain;

    /**
     * @param senders threads asking queries at once at most (requests beyond them wait, and their wait counts)
     * @param orders  orders in the demo data (queries stay within 1..orders)
     * @param drain   how long to wait for the last answers after the last request was due (the call deadline or more)
     */
    OpenLoopLoad(ScenarioLog log, int senders, long orders, Duration drain) {
        this.log = log;
        this.senders = senders;
        this.orders = orders;
        this.drain = drain;
    }

    /** Runs {@code phases} in order against {@code transport}, recording into {@code tally}; returns their windows. */
    List<Window> run(List<Phase> phases, QueryTransport transport, LoadTally tally, long seed)
            throws InterruptedException {
        AtomicInteger number = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(senders, senders, 10, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "load-" + transport.name() + "-" + number.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.prestartAllCoreThreads(); // creating a thousand threads must not hold up the schedule
        SplittableRandom random = new SplittableRandom(seed);
        List<Window> windows = new ArrayList<>();
        AtomicLongArray answered = new AtomicLongArray(phases.size());
        try {
            long due = System.nanoTime();
            for (Phase phase : phases) {
                ScenarioLog.Fault fault = phase.fault() ? log.fault(transport.name() + " " + phase.name()) : null;
                long startMs = log.elapsedMillis();
                long phaseStart = due;
                long phaseNanos = phase.length().toNanos();
                long scheduled = 0;
                long checkAt = phaseStart;
                while (due - phaseStart < phaseNanos) {
                    if (phase.until() != null && due >= checkAt) {
                        long unanswered = 0;
                        for (int i = 0; i < windows.size(); i++) {
                            unanswered += windows.get(i).requests() - answered.get(i);
                        }
                        if (phase.until().reached(List.copyOf(windows), unanswered)) {
                            break;
                        }
                        checkAt = due + UNTIL_CHECK_NANOS;
                    }
                    double progress = (double) (due - phaseStart) / phaseNanos;
                    double rate = phase.fromRate() + (phase.toRate() - phase.fromRate()) * progress;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    long dueAt = due;
                    OrdersQuery query = OrdersQuery.random(random, orders);
                    int index = windows.size();
                    pool.execute(() -> {
                        tally.record(transport.ask(query), System.nanoTime() - dueAt);
                        answered.incrementAndGet(index);
                    });
                    scheduled++;
                    due += (long) (1e9 / rate);
                }
                if (fault != null) {
                    fault.end();
                }
                windows.add(new Window(phase.name(), startMs, log.elapsedMillis(), scheduled));
            }
        } finally {
            pool.shutdown();
        }
        if (!pool.awaitTermination(drain.toMillis(), TimeUnit.MILLISECONDS)) {
            String where = StuckCalls.describe("load-" + transport.name() + "-");
            int inCall = pool.getActiveCount();
            int waiting = pool.getQueue().size();
            pool.shutdownNow();
            throw new AssertionError(transport.name() + ": " + inCall + " requests still in a call and " + waiting
                    + " not yet sent (" + senders + " senders) " + drain.toSeconds() + " s after the last one was due,"
                    + " although every call has a deadline: the server answers far too slowly for this load, or a call"
                    + " hangs past its deadline" + where);
        }
        return windows;
    }
}
