package dev.quiver.resilience.harness;

import dev.quiver.bridge.tools.SyntheticEvents;
import dev.quiver.sinks.api.ObserverEvent;
import dev.quiver.sinks.api.ObserverEventJson;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.PublishAck;
import io.nats.client.ErrorListener;
import io.nats.client.PublishOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A producer that survives NATS going away: it publishes synthetic events at a steady rate on its own thread (its own
 * connection, reconnecting forever) until {@link #finish} (or a cap of {@code count} events), and re-publishes every
 * event whose JetStream acknowledgement
 * fails or does not come within {@value #ACK_TIMEOUT_MS} ms, with the same {@code Nats-Msg-Id}, until it is
 * acknowledged. Only acknowledged events count as produced, each once (a retry of an event the stream already had
 * is acknowledged as a duplicate and still counts once).
 */
public final class AckedPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AckedPublisher.class);
    private static final long ACK_TIMEOUT_MS = 3_000;
    private static final long RETRY_DELAY_MS = 250;
    private static final int MAX_IN_FLIGHT = 1_000;
    private static final String ENTITY_TYPE = "Order";
    private static final int PAYLOAD_BYTES = 200;

    /**
     * What the producer achieved.
     *
     * @param acknowledged events JetStream acknowledged (each counted once)
     * @param retries      publish attempts that failed or timed out and were made again
     * @param duplicates   acknowledgements saying the stream already had the event (a lost ack, then a retry)
     */
    public record Result(long acknowledged, long retries, long duplicates) {
    }

    private final Connection nats;
    private final long count;
    private final AtomicLong issued = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicReference<Throwable> lastError = new AtomicReference<>();
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final List<AckWatch> watches = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService retryTimer;
    private final Thread pacer;
    private volatile boolean closed;
    private volatile boolean stopping;

    private AckedPublisher(Connection nats, String subjectPrefix, long count, long seed, int rate) {
        this.nats = nats;
        this.count = count;
        this.retryTimer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "acked-publisher-retry");
            thread.setDaemon(true);
            return thread;
        });
        JetStream jetStream;
        try {
            jetStream = nats.jetStream();
        } catch (IOException e) {
            throw new IllegalStateException("no JetStream context: " + e.getMessage(), e);
        }
        this.pacer = new Thread(() -> pace(jetStream, subjectPrefix, seed, rate), "acked-publisher");
        pacer.setDaemon(true);
    }

    /**
     * Connects to {@code natsUrl} (one server, or several comma-separated) and starts publishing events {@code 0..count-1} (ids repeatable from {@code seed})
     * to {@code <subjectPrefix>.Order.<type>} at {@code rate} per second.
     */
    public static AckedPublisher start(String natsUrl, String subjectPrefix, long count, long seed, int rate)
            throws IOException, InterruptedException {
        Options options = Options.builder().servers(natsUrl.split(",")).connectionTimeout(Duration.ofSeconds(2))
                .maxReconnects(-1).reconnectWait(Duration.ofMillis(250)).errorListener(new ErrorListener() { })
                .build();
        AckedPublisher publisher = new AckedPublisher(Nats.connect(options), subjectPrefix, count, seed, rate);
        publisher.pacer.start();
        return publisher;
    }

    /** Events acknowledged so far. */
    public long acknowledged() {
        return acknowledged.get();
    }

    /** Whether every event up to the cap has been acknowledged. */
    public boolean done() {
        return acknowledged.get() == count;
    }

    /**
     * Stops publishing new events and waits until every event published so far is acknowledged: events
     * {@code 0..acknowledged-1} are then all in the stream (as far as JetStream's acknowledgements go).
     *
     * @throws AssertionError after {@code timeout}, with the count reached and the last publish error
     */
    public Result finish(Duration timeout) throws InterruptedException {
        stopping = true;
        pacer.join(timeout.toMillis());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (acknowledged.get() < issued.get() || pacer.isAlive()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the producer had " + acknowledged.get() + " of " + issued.get()
                        + " events acknowledged after " + timeout.toSeconds() + " s; last publish error: "
                        + lastError.get());
            }
            Thread.sleep(50);
        }
        return new Result(acknowledged.get(), retries.get(), duplicates.get());
    }

    /**
     * Starts watching the acknowledgements of the events first published from now on (until the watch is closed):
     * how many came and the shortest and longest time from an event's first publish to its acknowledgement.
     */
    public AckWatch watchAcks() {
        AckWatch watch = new AckWatch(System.nanoTime());
        watches.add(watch);
        return watch;
    }

    /** Publish attempts made again so far. */
    public long retries() {
        return retries.get();
    }

    /**
     * Waits until every event is acknowledged.
     *
     * @throws AssertionError after {@code timeout}, with the count reached and the last publish error
     */
    public Result await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the producer had " + acknowledged.get() + " of " + count
                        + " events acknowledged after " + timeout.toSeconds() + " s; last publish error: "
                        + lastError.get());
            }
            Thread.sleep(50);
        }
        return new Result(acknowledged.get(), retries.get(), duplicates.get());
    }

    private void pace(JetStream jetStream, String subjectPrefix, long seed, int rate) {
        SyntheticEvents events = new SyntheticEvents(seed, ENTITY_TYPE, PAYLOAD_BYTES);
        long intervalNanos = rate <= 0 ? 0 : 1_000_000_000L / rate;
        long due = System.nanoTime();
        try {
            for (long n = 0; n < count && !closed && !stopping; n++) {
                if (intervalNanos > 0) {
                    due += intervalNanos;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    } else if (-wait > 1_000_000_000L) {
                        due = System.nanoTime(); // stalled (NATS away): go on at the rate, no catch-up burst
                    }
                }
                ObserverEvent event = events.next(n);
                String subject = subjectPrefix + "." + event.entityType() + "." + event.eventType().wireName();
                PublishOptions options = PublishOptions.builder().messageId(event.eventId()).build();
                byte[] data = ObserverEventJson.encode(event);
                inFlight.acquire();
                issued.incrementAndGet();
                attempt(jetStream, subject, options, data, System.nanoTime());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One publish attempt of an event first published at {@code firstNanos}. */
    private void attempt(JetStream jetStream, String subject, PublishOptions options, byte[] data, long firstNanos) {
        CompletableFuture<PublishAck> ack;
        try {
            ack = jetStream.publishAsync(subject, data, options);
        } catch (RuntimeException e) {
            ack = CompletableFuture.failedFuture(e);
        }
        ack.orTimeout(ACK_TIMEOUT_MS, TimeUnit.MILLISECONDS).whenComplete((result, error) -> {
            if (error == null) {
                if (result.isDuplicate()) {
                    duplicates.incrementAndGet();
                }
                long ackedNanos = System.nanoTime();
                for (AckWatch watch : watches) {
                    watch.acknowledged(firstNanos, ackedNanos);
                }
                acknowledged.incrementAndGet();
                inFlight.release();
            } else if (closed) {
                inFlight.release();
            } else {
                retries.incrementAndGet();
                if (lastError.getAndSet(error) == null) {
                    LOG.info("publish to {} failed, retrying until acknowledged: {}", subject, error.toString());
                }
                retryTimer.schedule(() -> attempt(jetStream, subject, options, data, firstNanos), RETRY_DELAY_MS,
                        TimeUnit.MILLISECONDS);
            }
        });
    }

    /**
     * The acknowledgements of the events first published after the watch started, received before it was closed.
     * Thread-safe: acknowledgements arrive on the connection's threads.
     */
    public final class AckWatch implements AutoCloseable {
        private final long fromNanos;
        private long count;
        private long shortestNanos = Long.MAX_VALUE;
        private long longestNanos;
        private boolean closed;

        private AckWatch(long fromNanos) {
            this.fromNanos = fromNanos;
        }

        private synchronized void acknowledged(long firstNanos, long ackedNanos) {
            if (closed || firstNanos - fromNanos < 0) {
                return;
            }
            long took = ackedNanos - firstNanos;
            count++;
            shortestNanos = Math.min(shortestNanos, took);
            longestNanos = Math.max(longestNanos, took);
        }

        /** Acknowledgements seen so far. */
        public synchronized long count() {
            return count;
        }

        /** The shortest publish→acknowledgement time seen; empty before the first. */
        public synchronized Optional<Duration> shortest() {
            return count == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(shortestNanos));
        }

        /** The longest publish→acknowledgement time seen; empty before the first. */
        public synchronized Optional<Duration> longest() {
            return count == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(longestNanos));
        }

        /** Stops counting: acknowledgements received from now on are left out. */
        @Override
        public synchronized void close() {
            closed = true;
            watches.remove(this);
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        pacer.interrupt();
        pacer.join(5_000);
        retryTimer.shutdownNow();
        nats.close();
    }
}
