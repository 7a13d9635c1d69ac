package dev.quiver.resilience.suite.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.resilience.harness.LatencyRecorder.Outcome;
import dev.quiver.resilience.harness.Scenario;
import dev.quiver.resilience.harness.ScenarioLog;
import dev.quiver.resilience.harness.report.Latency;
import dev.quiver.resilience.suite.load.OpenLoopLoad.Phase;
import dev.quiver.resilience.suite.load.OpenLoopLoad.Window;
import java.time.Duration;
import java.util.List;

/**
 * The query path under a steady open-loop load: 100 → 500 requests per second, then 500 per second held, on Flight
 * and then on HTTP/JSON, every answer checked row by row. Nothing may fail: every answer is the right rows or, where
 * the server cannot keep up (it shares two cores with the clients), a clean shed; the report says which and gives
 * the throughput it did reach.
 */
class QueryRampIT {
    static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final double SUSTAINED_RATE = 500;

    @Scenario(group = "load", title = "Queries ramp 100→500/s then hold 500/s (open loop), Flight and HTTP/JSON")
    void rampThenSustainedRateIsServedWithoutErrorsOnBothTransports(ScenarioLog log) throws Exception {
        Duration ramp = log.scale().pick(Duration.ofSeconds(4), Duration.ofSeconds(15));
        Duration hold = log.scale().pick(Duration.ofSeconds(6), Duration.ofSeconds(30));
        log.load("orders(limit: 1..20, where: {id: {gte: $from}}) { id status total user { name } } with random"
                + " variables, open loop, per transport (Flight DoGet, then HTTP POST /graphql): ramp 100→500/s over "
                + ramp.toSeconds() + " s, then 500/s for " + hold.toSeconds() + " s; server --max-streams "
                + QueryServer.MAX_STREAMS + ", " + QueryServer.HEAP + ", embedded demo (" + QueryServer.ORDERS
                + " orders)");
        try (QueryServer server = QueryServer.start(log, "load-ramp")) {
            server.onEachTransport(log, 4, DEADLINE,
                    (transport, index) -> drive(log, server, transport, ramp, hold, 1 + index));
            assertThat(server.jvm().isAlive()).as("server alive after the load").isTrue();
        }
    }

    private static void drive(ScenarioLog log, QueryServer server, QueryTransport transport, Duration ramp,
                              Duration hold, long seed) throws Exception {
        String name = transport.name();
        LoadTally tally = new LoadTally(log, name);
        ServerTallies before = ServerTallies.of(server.process(), name);
        double clientCpu = CpuTime.ofThisJvm();
        double serverCpu = CpuTime.ofProcess(server.jvm().pid());
        List<Window> windows;
        try { // the series go into the report even when the load itself fails
            windows = new OpenLoopLoad(log, 512, QueryServer.ORDERS, DEADLINE.plusSeconds(20)).run(List.of(
                    new Phase("ramp 100→500/s", 100, SUSTAINED_RATE, ramp, false),
                    Phase.steady("sustained 500/s", SUSTAINED_RATE, hold)), transport, tally, seed);
        } finally {
            tally.publishSeries();
        }
        double wall = (windows.get(1).endMs() - windows.get(0).startMs()) / 1000.0;
        log.figure(name + " client CPU (load generator)", (CpuTime.ofThisJvm() - clientCpu) / wall, "cores");
        log.figure(name + " server CPU", (CpuTime.ofProcess(server.jvm().pid()) - serverCpu) / wall, "cores");

        Window rampWindow = windows.get(0);
        Window sustained = windows.get(1);
        log.latency(tally.latencies().between(name + " ramp 100→500/s", rampWindow.startMs(), rampWindow.endMs()));
        Latency held = tally.latencies().between(name + " sustained 500/s", sustained.startMs(), sustained.endMs());
        log.latency(held);
        log.latency(tally.latencies().all(name + " whole run"));
        long scheduled = rampWindow.requests() + sustained.requests();
        double seconds = (sustained.endMs() - sustained.startMs()) / 1000.0;
        log.figure(name + " sustained throughput (answered OK)", (held.count() - held.errors()) / seconds, "req/s");
        log.figure(name + " error rate", tally.count(Outcome.ERROR) * 100.0 / Math.max(1, tally.total()), "%");
        log.figure(name + " shed rate", tally.count(Outcome.SHED) * 100.0 / Math.max(1, tally.total()), "%");

        assertThat(tally.total()).as(name + ": every scheduled request answered").isEqualTo(scheduled);
        assertThat(tally.count(Outcome.ERROR)).as(name + " errors (wrong rows, other statuses, broken connections,"
                + " missed deadlines): " + tally.errorSummary()).isZero();
        assertThat(held.count() - held.errors()).as(name + ": answered OK while 500/s was held").isPositive();
        log.note(tally.count(Outcome.SHED) == 0
                ? name + ": the server kept up with 500/s here: every request answered OK, none shed"
                : name + ": the server could not keep up with 500/s here (" + tally.count(Outcome.SHED) + " of "
                        + scheduled + " shed, OK throughput above); it shed the excess cleanly and nothing failed");
        ServerTallies.awaitMatching(server.process(), name, before, tally.count(Outcome.OK), tally.count(Outcome.SHED));
    }
}
