package dev.quiver.resilience.suite.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;

/**
 * Closed-loop load: {@code clients} threads, each sending its next query as soon as its last one was answered (shed or
 * not), all for the same fixed time. Latency is from send to complete answer. Bounded by the time plus one call
 * deadline.
 */
final class ClosedLoopClients {
    private final long orders;
    private final Duration deadline;

    /**
     * @param orders   orders in the demo data (queries stay within 1..orders)
     * @param deadline the transport's per-call deadline: how long after the end a client may still be in a call
     */
    ClosedLoopClients(long orders, Duration deadline) {
        this.orders = orders;
        this.deadline = deadline;
    }

    /** Runs {@code clients} clients for {@code length} against {@code transport}, recording into {@code tally}. */
    void run(int clients, Duration length, QueryTransport transport, LoadTally tally, long seed)
            throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        long[] end = new long[1];
        List<Thread> threads = new ArrayList<>(clients);
        SplittableRandom seeds = new SplittableRandom(seed);
        for (int i = 0; i < clients; i++) {
            SplittableRandom random = seeds.split();
            Thread thread = new Thread(() -> {
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                while (System.nanoTime() < end[0] && !Thread.currentThread().isInterrupted()) {
                    OrdersQuery query = OrdersQuery.random(random, orders);
                    long sent = System.nanoTime();
                    tally.record(transport.ask(query), System.nanoTime() - sent);
                }
            }, "client-" + transport.name() + "-" + i);
            thread.setDaemon(true);
            thread.setPriority(Thread.NORM_PRIORITY);
            threads.add(thread);
            thread.start();
        }
        ready.await();
        end[0] = System.nanoTime() + length.toNanos();
        go.countDown(); // happens-before each client's read of end[0]
        long joinBy = end[0] + deadline.toNanos() + Duration.ofSeconds(10).toNanos();
        int stuck = 0;
        String where = "";
        for (Thread thread : threads) {
            long left = joinBy - System.nanoTime();
            if (left > 0) {
                thread.join(Math.max(1, left / 1_000_000));
            }
            if (thread.isAlive()) {
                if (stuck++ == 0) {
                    where = StuckCalls.describe(thread.getName());
                }
                thread.interrupt();
            }
        }
        if (stuck > 0) {
            throw new AssertionError(transport.name() + ": " + stuck + " of " + clients + " clients still in a call "
                    + "well after the end although every call has a deadline: the client or the server hangs" + where);
        }
    }
}
