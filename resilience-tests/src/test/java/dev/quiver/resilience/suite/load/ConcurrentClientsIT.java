package dev.quiver.resilience.suite.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.resilience.harness.LatencyRecorder.Outcome;
import dev.quiver.resilience.harness.Scenario;
import dev.quiver.resilience.harness.ScenarioLog;
import dev.quiver.resilience.harness.report.Latency;
import java.time.Duration;

/**
 * 100, 500 and 1,000 concurrent closed-loop clients on each transport, each sending its next query when the last
 * one was answered: throughput, latency, sheds and errors per level. Above {@code --max-streams} the excess is shed
 * cleanly; nothing else may fail, and every answer's rows are checked.
 */
class ConcurrentClientsIT {
    static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final int[] LEVELS = {100, 500, 1_000};

    @Scenario(group = "load", title = "100 / 500 / 1,000 concurrent clients (closed loop), Flight and HTTP/JSON")
    void concurrentClientsAreServedOrShedCleanly(ScenarioLog log) throws Exception {
        Duration each = log.scale().pick(Duration.ofSeconds(2), Duration.ofSeconds(6));
        log.load("per transport (Flight DoGet over 8 channels, then HTTP POST /graphql), 100, 500, then 1,000 clients"
                + " for " + each.toSeconds() + " s each, each sending its next query as soon as the last was answered;"
                + " orders(limit: 1..20, where: {id: {gte: $from}}) { id status total user { name } }; server"
                + " --max-streams " + QueryServer.MAX_STREAMS + ", " + QueryServer.HEAP);
        try (QueryServer server = QueryServer.start(log, "load-clients")) {
            server.onEachTransport(log, 8, DEADLINE, (transport, index) -> {
                LoadTally tally = new LoadTally(log, transport.name());
                long first = 21 + (long) index * LEVELS.length;
                try { // the series go into the report even when a level fails
                    for (int i = 0; i < LEVELS.length; i++) {
                        level(log, server, transport, tally, LEVELS[i], each, first + i);
                    }
                } finally {
                    tally.publishSeries();
                }
            });
            assertThat(server.jvm().isAlive()).as("server alive after 1,000 clients").isTrue();
            log.figure("server RSS at the end", server.jvm().rssBytes() / 1048576.0, "MiB");
        }
    }

    private static void level(ScenarioLog log, QueryServer server, QueryTransport transport, LoadTally all, int clients,
                              Duration length, long seed) throws Exception {
        String name = transport.name() + " " + clients + " clients";
        LoadTally tally = new LoadTally(log, name);
        ServerTallies before = ServerTallies.of(server.process(), transport.name());
        double clientCpu = CpuTime.ofThisJvm();
        double serverCpu = CpuTime.ofProcess(server.jvm().pid());
        ScenarioLog.Fault window = clients > QueryServer.MAX_STREAMS
                ? log.fault(name + " (above --max-streams " + QueryServer.MAX_STREAMS + ")") : null;
        long start = log.elapsedMillis();
        new ClosedLoopClients(QueryServer.ORDERS, DEADLINE).run(clients, length, new Teed(transport, all), tally, seed);
        long end = log.elapsedMillis();
        if (window != null) {
            window.end();
        }
        double wall = (end - start) / 1000.0;
        log.figure(name + ": client CPU (load generator)", (CpuTime.ofThisJvm() - clientCpu) / wall, "cores");
        log.figure(name + ": server CPU", (CpuTime.ofProcess(server.jvm().pid()) - serverCpu) / wall, "cores");
        Latency latency = tally.latencies().all(name);
        log.latency(latency);
        log.figure(name + ": throughput (answered OK)", tally.count(Outcome.OK) / wall, "req/s");
        log.figure(name + ": shed", tally.count(Outcome.SHED), "requests");
        log.figure(name + ": errors", tally.count(Outcome.ERROR), "requests");

        assertThat(tally.count(Outcome.ERROR)).as(name + ": answers that were neither the right rows nor a clean shed: "
                + tally.errorSummary()).isZero();
        assertThat(tally.count(Outcome.OK)).as(name + ": answered OK").isPositive();
        if (clients >= 2 * QueryServer.MAX_STREAMS) {
            assertThat(tally.count(Outcome.SHED)).as(name + ": far more clients than --max-streams "
                    + QueryServer.MAX_STREAMS + ", so the excess was shed").isPositive();
        }
        ServerTallies.awaitMatching(server.process(), transport.name(), before, tally.count(Outcome.OK),
                tally.count(Outcome.SHED));
    }

    /** The transport, with every answer also counted in the transport's whole-run tally (for its series). */
    private record Teed(QueryTransport transport, LoadTally all) implements QueryTransport {
        @Override
        public String name() {
            return transport.name();
        }

        @Override
        public Answer ask(OrdersQuery query) {
            long sent = System.nanoTime();
            Answer answer = transport.ask(query);
            all.record(answer, System.nanoTime() - sent);
            return answer;
        }

        @Override
        public void close() {
            // the caller closes the transport itself
        }
    }
}
