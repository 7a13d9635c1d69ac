package dev.quiver.resilience.suite.load;

import dev.quiver.resilience.harness.LatencyRecorder.Outcome;
import dev.quiver.resilience.harness.ScenarioLog;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A few hundred queries at low concurrency before a transport is measured, so the figures are of a warm client and
 * server (connections open, classes loaded, code compiled) and not of the first calls into a cold JVM, which on a
 * busy machine take seconds. Its answers are not part of any measurement; they are noted in the report.
 */
final class WarmUp {
    private static final int CONCURRENCY = 8;

    private WarmUp() {
    }

    static void run(ScenarioLog log, QueryTransport transport, int requests, Duration deadline)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        AtomicLong ok = new AtomicLong();
        AtomicLong other = new AtomicLong();
        SplittableRandom random = new SplittableRandom(requests);
        long started = System.nanoTime();
        try {
            for (int i = 0; i < requests; i++) {
                OrdersQuery query = OrdersQuery.random(random, QueryServer.ORDERS);
                pool.execute(() -> (transport.ask(query).outcome() == Outcome.OK ? ok : other).incrementAndGet());
            }
        } finally {
            pool.shutdown();
        }
        if (!pool.awaitTermination(deadline.toMillis() * 2 + 60_000, TimeUnit.MILLISECONDS)) {
            pool.shutdownNow();
            throw new AssertionError(transport.name() + " warm-up: " + requests + " queries at " + CONCURRENCY
                    + " at a time not answered within their deadlines");
        }
        log.note(transport.name() + " warm-up (not measured): " + requests + " queries, " + CONCURRENCY + " at a time, "
                + ok.get() + " OK, " + other.get() + " not, in " + (System.nanoTime() - started) / 1_000_000 + " ms");
    }
}
