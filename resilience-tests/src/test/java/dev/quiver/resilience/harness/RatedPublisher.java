package dev.quiver.resilience.harness;

import dev.quiver.bridge.tools.EventGenerator;
import dev.quiver.bridge.tools.GenerateConfig;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Offers a steady rate of synthetic events to JetStream for a bounded time: {@code generators} {@link EventGenerator}s,
 * each on its own thread and NATS connection with its own seed (so their event ids differ), share the rate. One
 * generator thread tops out at a few thousand acknowledged publishes a second on a busy machine, so a high rate is
 * split across several. {@link #acknowledged()} is live; {@link #await} says what was offered and what JetStream
 * actually took.
 */
public final class RatedPublisher implements AutoCloseable {
    private static final int PAYLOAD_BYTES = 200;
    private static final String ENTITY_TYPE = "Order";
    private static final int MAX_IN_FLIGHT_PER_GENERATOR = 5_000;
    /**
     * How long an asynchronous publish may wait for its acknowledgement: jnats cancels it after the connection's
     * request clean-up interval (5 s by default), and a NATS that syncs every write to disk
     * ({@code sync_interval: always}) on a machine busy with other disk writes took longer than that here without
     * anything being wrong; the generator's own bound on an acknowledgement is 30 s.
     */
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    /**
     * What one publishing run did.
     *
     * @param offeredRate  events per second asked for (all generators together)
     * @param requested    events asked for ({@code offeredRate × duration})
     * @param acknowledged events JetStream acknowledged as stored
     * @param duplicates   acknowledgements saying the stream already held that id (0 unless ids repeat)
     * @param seconds      wall time of the slowest generator, first publish to last acknowledgement
     * @param firstError   the first publish failure of any generator, or {@code null}
     */
    public record Result(int offeredRate, long requested, long acknowledged, long duplicates, double seconds,
                         String firstError) {
        /** Acknowledged events per second of wall time. */
        public double achievedRate() {
            return seconds > 0 ? acknowledged / seconds : 0;
        }

        /** Events new to the stream: what the sinks must end up holding. */
        public long stored() {
            return acknowledged - duplicates;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "offered %,d/s: %,d of %,d events acknowledged (%,d duplicates) in %.1f s"
                            + " = %,.0f/s%s", offeredRate, acknowledged, requested, duplicates, seconds, achievedRate(),
                    firstError == null ? "" : "; first error: " + firstError);
        }
    }

    private final int rate;
    private final long requested;
    private final ExecutorService threads;
    private final List<Connection> connections = new ArrayList<>();
    private final List<AtomicLong> progress = new ArrayList<>();
    private final List<Future<EventGenerator.Summary>> runs = new ArrayList<>();

    private RatedPublisher(int rate, long requested, int generators) {
        this.rate = rate;
        this.requested = requested;
        this.threads = Executors.newFixedThreadPool(generators, runnable -> {
            Thread thread = new Thread(runnable, "rated-publisher");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts publishing {@code rate} events per second for {@code duration} to {@code <subjectPrefix>.Order.<type>}.
     *
     * @param generators how many generator threads share the rate (each gets {@code rate / generators})
     * @param firstSeed  generator {@code i} uses seed {@code firstSeed + i}: give every run of a scenario its own range
     */
    public static RatedPublisher start(String natsUrl, String subjectPrefix, int rate, Duration duration, int generators,
                                       long firstSeed) throws IOException, InterruptedException {
        if (rate < 1 || generators < 1 || generators > rate) {
            throw new IllegalArgumentException("need rate >= generators >= 1, got rate " + rate + ", generators "
                    + generators);
        }
        long total = rate * duration.toMillis() / 1000;
        RatedPublisher publisher = new RatedPublisher(rate, total, generators);
        try {
            for (int i = 0; i < generators; i++) {
                int share = rate / generators + (i < rate % generators ? 1 : 0);
                long count = total / generators + (i < total % generators ? 1 : 0);
                Connection nats = Nats.connect(Options.builder().server(natsUrl).requestCleanupInterval(ACK_TIMEOUT)
                        .build());
                publisher.connections.add(nats);
                AtomicLong acknowledged = new AtomicLong();
                publisher.progress.add(acknowledged);
                GenerateConfig config = new GenerateConfig(subjectPrefix, count, share, PAYLOAD_BYTES, ENTITY_TYPE,
                        MAX_IN_FLIGHT_PER_GENERATOR, firstSeed + i, null, ACK_TIMEOUT);
                EventGenerator generator = new EventGenerator(nats, config);
                publisher.runs.add(publisher.threads.submit(
                        () -> generator.run(n -> acknowledged.accumulateAndGet(n, Math::max))));
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            publisher.close();
            throw e;
        }
        return publisher;
    }

    /** Events acknowledged so far, all generators together. */
    public long acknowledged() {
        long sum = 0;
        for (AtomicLong each : progress) {
            sum += each.get();
        }
        return sum;
    }

    /** Whether every generator has finished. */
    public boolean isDone() {
        return runs.stream().allMatch(Future::isDone);
    }

    /** Waits for every generator to finish (at most {@code timeout}) and sums up what they did. */
    public Result await(Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long acknowledged = 0;
        long duplicates = 0;
        double seconds = 0;
        String firstError = null;
        for (Future<EventGenerator.Summary> run : runs) {
            EventGenerator.Summary summary;
            try {
                summary = run.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                firstError = firstError == null ? "generator failed: " + cause : firstError;
                continue;
            } catch (TimeoutException e) {
                throw new TimeoutException("publishing " + requested + " events at " + rate + "/s did not finish within "
                        + timeout + "; " + acknowledged() + " acknowledged so far");
            }
            acknowledged += summary.acknowledged();
            duplicates += summary.duplicates();
            seconds = Math.max(seconds, summary.seconds());
            if (firstError == null) {
                firstError = summary.firstError();
            }
        }
        return new Result(rate, requested, acknowledged, duplicates, seconds, firstError);
    }

    @Override
    public void close() throws InterruptedException {
        threads.shutdownNow();
        threads.awaitTermination(10, TimeUnit.SECONDS);
        for (Connection connection : connections) {
            connection.close();
        }
    }
}
