package dev.quiver.flight.transport.flight;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run Flight calls and their callbacks (gRPC's call executor). gRPC's default is an unbounded
 * cached pool: a burst of 10,000 subscription calls grew the server by hundreds of threads, and a burst of queries
 * would grow it by one thread per call. This pool is fixed: {@code --max-streams} threads for result streams, whose
 * DoGet occupies its thread while it streams, plus {@value #SPARE_THREADS} for everything else (subscription
 * starts, actions, flight info, the refusals of calls past {@code --max-streams}); more calls than threads wait in
 * the queue, in order, instead of each getting a thread.
 */
public final class FlightCallExecutor {
    static final int SPARE_THREADS = 64;

    private FlightCallExecutor() {
    }

    /** A fixed pool of {@code maxStreams + 64} daemon threads named {@code quiver-flight-call-N}. */
    public static ExecutorService create(int maxStreams) {
        int threads = maxStreams + SPARE_THREADS;
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "quiver-flight-call-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
