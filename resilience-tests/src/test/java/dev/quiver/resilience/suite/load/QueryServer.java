package dev.quiver.resilience.suite.load;

import dev.quiver.resilience.harness.Sampler;
import dev.quiver.resilience.harness.ScenarioLog;
import dev.quiver.resilience.harness.ServerProcess;
import dev.quiver.testsupport.process.JavaProcess;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The flight-server under load: a child JVM on the embedded demo shop (no external service, so the figures measure
 * the query path and not a database other engineers' tests are loading at the same time), with event publishing
 * off ({@code --no-relay}) and a fixed stream limit. Samples its RSS and heap into the scenario's series.
 */
final class QueryServer implements AutoCloseable {
    /** Orders in the embedded demo data: small enough to start in seconds, ids 1..ORDERS. */
    static final long ORDERS = 5_000;
    /** {@code --max-streams}: result streams served at once, across Flight and HTTP; more are shed. */
    static final int MAX_STREAMS = 64;
    static final String HEAP = "-Xmx512m";

    private final ServerProcess server;
    private final Sampler sampler;
    private final DemoOrders demo;

    private QueryServer(ServerProcess server, Sampler sampler, DemoOrders demo) {
        this.server = server;
        this.sampler = sampler;
        this.demo = demo;
    }

    /** Starts the server, and generates the demo orders it serves in this JVM as the expected answers. */
    static QueryServer start(ScenarioLog log, String name) throws InterruptedException, SQLException {
        DemoOrders demo = DemoOrders.generate(ORDERS);
        Path logDir = Path.of("target", "load-logs", name + "-" + UUID.randomUUID().toString().substring(0, 8));
        ServerProcess server = ServerProcess.start(name, List.of(HEAP), List.of("--no-relay", "--demo-rows",
                Long.toString(ORDERS), "--max-streams", Integer.toString(MAX_STREAMS), "--query-timeout", "30s"),
                Map.of(), logDir, Duration.ofSeconds(90));
        JavaProcess process = server.process();
        Sampler sampler = log.sampler(Duration.ofSeconds(1))
                .gauge("server RSS", "MiB", () -> process.rssBytes() / 1048576.0)
                .gauge("server heap used", "MiB", () -> server.metrics().sum("jvm_memory_used_bytes", "area", "heap")
                        / 1048576.0);
        return new QueryServer(server, sampler, demo);
    }

    /** A scenario's part for one transport: {@code index} 0 is Flight, 1 is HTTP/JSON. */
    @FunctionalInterface
    interface TransportPart {
        void run(QueryTransport transport, int index) throws Exception;
    }

    /**
     * Runs {@code part} for Flight DoGet (over {@code flightChannels} channels), then for HTTP POST /graphql, each
     * after an unmeasured warm-up; an assertion one transport fails does not stop the other, and all are thrown
     * together at the end.
     */
    void onEachTransport(ScenarioLog log, int flightChannels, Duration deadline, TransportPart part) throws Exception {
        List<AssertionError> failures = new ArrayList<>();
        List<QueryTransport> transports = List.of(
                new FlightQueryTransport(server.flightUri(), flightChannels, deadline, demo),
                new HttpQueryTransport(server.graphqlUri(), deadline, demo));
        for (int i = 0; i < transports.size(); i++) {
            int index = i;
            try (QueryTransport transport = transports.get(i)) {
                WarmUp.run(log, transport, log.scale().pick(100, 400), deadline);
                Failures.collect(failures, () -> part.run(transport, index));
            }
        }
        Failures.throwIfAny(failures);
    }

    ServerProcess process() {
        return server;
    }

    JavaProcess jvm() {
        return server.process();
    }

    @Override
    public void close() throws InterruptedException {
        try {
            sampler.close();
        } finally {
            server.close();
        }
    }
}
