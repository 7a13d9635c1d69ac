package dev.quiver.resilience.suite.chaos;

import static dev.quiver.resilience.suite.chaos.ChaosRun.SERVICES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.client.QuiverClient;
import dev.quiver.client.QuiverClientConfig;
import dev.quiver.resilience.harness.LatencyRecorder;
import dev.quiver.resilience.harness.Polling;
import dev.quiver.resilience.harness.Scenario;
import dev.quiver.resilience.harness.ScenarioLog;
import dev.quiver.resilience.harness.ServerProcess;
import dev.quiver.resilience.harness.Smoke;
import dev.quiver.testsupport.PostgresSettings;
import dev.quiver.testsupport.ServiceName;
import dev.quiver.testsupport.process.PrometheusScrape;
import eu.rekawek.toxiproxy.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.vector.table.Table;
import org.junit.jupiter.api.Timeout;

/**
 * A partition between the real producer and NATS: the flight-server (a child process on the chaos PostgreSQL, its
 * own schema) commits each mutation and its observer event to {@code quiver_outbox}; its relay publishes to
 * JetStream through a toxiproxy proxy of the run, which is disabled (the partition) while mutations go on over
 * Flight, then enabled. Mutations never fail, their events wait in the outbox, and every one arrives exactly once
 * in both sinks.
 */
@Timeout(300)
class ProducerPartitionIT {
    private static final int ORDERS = 200;
    private static final int THREADS = 4;

    @Scenario(group = "chaos", title = "partition flight-server (outbox relay) ↔ NATS while mutations run over Flight: each mutation's event arrives exactly once in both sinks")
    @Smoke
    void partitionProducerFromNats(ScenarioLog log) throws Exception {
        SERVICES.require(ServiceName.POSTGRES);
        Duration partition = log.scale().pick(Duration.ofSeconds(3), Duration.ofSeconds(10));
        Duration after = log.scale().pick(Duration.ofSeconds(2), Duration.ofSeconds(5));
        int rate = log.scale().pick(100, 200);
        try (ChaosRun chaos = ChaosRun.open(log, "partition");
             PrivateSchema schema = PrivateSchema.create(SERVICES.postgres(), "chaos_" + chaos.run.id)) {
            Proxy natsLink = chaos.run.proxy("relay-nats", SERVICES.nats().host() + ":" + SERVICES.nats().port());
            try (ServerProcess server = ServerProcess.start("flight-server", List.of("-Xmx256m"), List.of(
                            "--jdbc-url", schema.jdbcUrl(), "--load-demo", "--demo-rows", Integer.toString(ORDERS),
                            "--nats-url", "nats://" + natsLink.getListen(),
                            "--events-stream", chaos.run.eventsStream,
                            "--events-subject-prefix", chaos.run.eventsSubjectPrefix,
                            "--relay-poll", "100ms"),
                    Map.of(), Path.of("target", "pipeline-logs", "partition-" + chaos.run.id), Duration.ofSeconds(120));
                 Mutator mutator = new Mutator(server, rate, new LatencyRecorder(log))) {
                log.load(String.format("updateOrderStatus mutations over Flight at up to %d/s on %d orders, relayed"
                        + " from quiver_outbox to JetStream", rate, ORDERS));
                mutator.start();
                chaos.awaitFlowing(log.scale().pick(20, 100));

                ScenarioLog.Fault fault = log.fault("partition: relay→nats proxy disabled for " + partition.toSeconds()
                        + " s");
                long before;
                long during;
                double pendingDuring;
                long endNanos;
                try {
                    natsLink.disable();
                    before = mutator.succeeded();
                    Thread.sleep(partition.toMillis());
                    during = mutator.succeeded() - before;
                    pendingDuring = outboxPending(server.metrics());
                } finally {
                    natsLink.enable();
                    fault.end();
                    endNanos = System.nanoTime();
                }
                long doneAtEnd = mutator.succeeded();
                log.figure("mutations committed during the partition", during, "mutations");
                log.figure("events waiting in the outbox at the end of the partition", pendingDuring, "events");
                assertThat(during).as("mutations go on committing while NATS is unreachable").isPositive();
                assertThat(pendingDuring).as("their events wait in the outbox").isPositive();

                chaos.recovered("partition healed → both sinks current", doneAtEnd, endNanos, Duration.ofSeconds(90));
                Thread.sleep(after.toMillis());
                long produced = mutator.stop();
                mutator.latencies().publishSeries("mutation", 1_000);
                log.latency(mutator.latencies().all("mutation over Flight"));
                log.load(String.format("%,d updateOrderStatus mutations over Flight (up to %d/s, %d orders), relayed"
                        + " from quiver_outbox to JetStream", produced, rate, ORDERS));
                assertThat(mutator.failure()).as("no mutation failed").isNull();
                Polling.await(Duration.ofSeconds(60), "the outbox to drain",
                        () -> outboxPending(server.metrics()) == 0,
                        () -> outboxPending(server.metrics()));
                chaos.finish(produced, Duration.ofSeconds(90));
                PrometheusScrape metrics = server.metrics();
                double published = sumStartingWith(metrics, "quiver_outbox_published");
                double outages = sumStartingWith(metrics, "quiver_outbox_outages");
                log.figure("relay: events published", published, "events");
                log.figure("relay: duplicates JetStream dropped", sumStartingWith(metrics, "quiver_outbox_duplicates"),
                        "events");
                log.figure("relay: outages", outages, "outages");
                assertThat(published).as("the relay published each mutation's event").isGreaterThanOrEqualTo(produced);
                assertThat(outages).as("the relay noticed the partition").isGreaterThanOrEqualTo(1);
            }
        }
    }

    /** Rows of quiver_outbox not yet published (Micrometer may suffix the base unit to the name). */
    private static double outboxPending(PrometheusScrape metrics) {
        return sumStartingWith(metrics, "quiver_outbox_pending");
    }

    private static double sumStartingWith(PrometheusScrape metrics, String prefix) {
        return metrics.samples().stream().filter(sample -> sample.name().startsWith(prefix))
                .mapToDouble(PrometheusScrape.Sample::value).sum();
    }

    /**
     * Sends mutations over Flight on its own threads at up to {@code rate} per second until stopped, the way
     * clients do: {@link QuiverClient#mutate}, one DoExchange per mutation (the server runs writes only that way).
     */
    private static final class Mutator implements AutoCloseable {
        private final QuiverClient client;
        private final int rate;
        private final LatencyRecorder latencies;
        private final AtomicLong succeeded = new AtomicLong();
        private final AtomicReference<Exception> failure = new AtomicReference<>();
        private final List<Thread> threads;
        private volatile boolean stopping;

        Mutator(ServerProcess server, int rate, LatencyRecorder latencies) {
            this.client = QuiverClient.connect(QuiverClientConfig.builder().uri(server.flightUri()).build());
            this.rate = rate;
            this.latencies = latencies;
            this.threads = java.util.stream.IntStream.range(0, THREADS).mapToObj(t -> {
                Thread thread = new Thread(() -> run(t), "mutator-" + t);
                thread.setDaemon(true);
                return thread;
            }).toList();
        }

        void start() {
            threads.forEach(Thread::start);
        }

        long succeeded() {
            return succeeded.get();
        }

        Exception failure() {
            return failure.get();
        }

        LatencyRecorder latencies() {
            return latencies;
        }

        /** Stops after the mutation in progress; returns how many succeeded. */
        long stop() throws InterruptedException {
            stopping = true;
            for (Thread thread : threads) {
                thread.join(30_000);
            }
            return succeeded.get();
        }

        /** Thread {@code t} of {@value #THREADS} updates the orders {@code id % THREADS == t} (no lock contention). */
        private void run(int t) {
            long interval = 1_000_000_000L * THREADS / rate;
            long due = System.nanoTime();
            for (long n = 0; !stopping && failure.get() == null; n++) {
                due += interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                } else if (-wait > 1_000_000_000L) {
                    due = System.nanoTime();
                }
                String mutation = "mutation { updateOrderStatus(id: \"" + ((n * THREADS + t) % ORDERS + 1) + "\", status: \"chaos-" + n
                        + "\") { id status } }";
                long started = System.nanoTime();
                try {
                    long rows;
                    try (Table changed = client.mutate(mutation)) {
                        rows = changed.getRowCount();
                    }
                    if (rows != 1) {
                        throw new IllegalStateException(mutation + " returned " + rows + " rows, expected 1");
                    }
                    latencies.record(System.nanoTime() - started, LatencyRecorder.Outcome.OK);
                    succeeded.incrementAndGet();
                } catch (Exception e) {
                    latencies.record(System.nanoTime() - started, LatencyRecorder.Outcome.ERROR);
                    failure.compareAndSet(null, e);
                }
            }
        }

        @Override
        public void close() throws Exception {
            stop();
            client.close();
        }
    }

    /** A PostgreSQL schema of the run, dropped with everything in it on close. */
    private record PrivateSchema(PostgresSettings settings, String name) implements AutoCloseable {
        static PrivateSchema create(PostgresSettings settings, String name) throws Exception {
            try (Connection admin = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
                 Statement statement = admin.createStatement()) {
                statement.execute("CREATE SCHEMA " + name);
            }
            return new PrivateSchema(settings, name);
        }

        String jdbcUrl() {
            return settings.jdbcUrl() + "?currentSchema=" + name;
        }

        @Override
        public void close() throws Exception {
            try (Connection admin = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
                 Statement statement = admin.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
            }
        }
    }
}
