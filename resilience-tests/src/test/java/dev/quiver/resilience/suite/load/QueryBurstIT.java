package dev.quiver.resilience.suite.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.resilience.harness.LatencyRecorder.Outcome;
import dev.quiver.resilience.harness.Scenario;
import dev.quiver.resilience.harness.ScenarioLog;
import dev.quiver.resilience.harness.Smoke;
import dev.quiver.resilience.harness.report.Latency;
import dev.quiver.resilience.suite.load.OpenLoopLoad.Phase;
import dev.quiver.resilience.suite.load.OpenLoopLoad.Window;
import java.time.Duration;
import java.util.List;

/**
 * A 5,000 requests-per-second burst far past the server's stream limit, between two stretches of light load: the
 * server sheds the excess cleanly (Flight RESOURCE_EXHAUSTED, HTTP 429 with Retry-After), answers everything else
 * correctly, misses no deadline, stays alive with a bounded heap, and right after the burst serves the light load
 * again at its normal latency.
 */
class QueryBurstIT {
    static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final double LIGHT_RATE = 100;
    private static final double BURST_RATE = 5_000;
    /** Senders in the test JVM: enough that a burst's calls are in flight at once, not queued in the client. */
    private static final int SENDERS = 1_000;
    /** Slower than this after the burst is not "normal" whatever the baseline (a floor for a quiet baseline). */
    private static final Duration NORMAL_FLOOR = Duration.ofMillis(250);
    /** The heap may hold this much more after the bursts than before (post-GC, so only what the server retains). */
    private static final long HEAP_GROWTH_BOUND = 64L << 20;

    @Scenario(group = "load", title = "Burst of 5,000 queries/s: clean shedding, no hang, back to normal latency,"
            + " Flight and HTTP/JSON")
    @Smoke
    void burstIsShedCleanlyAndTheServerRecovers(ScenarioLog log) throws Exception {
        Duration before = log.scale().pick(Duration.ofSeconds(2), Duration.ofSeconds(4));
        Duration burst = log.scale().pick(Duration.ofSeconds(1), Duration.ofSeconds(2));
        Duration after = log.scale().pick(Duration.ofSeconds(20), Duration.ofSeconds(25));
        log.load("per transport (Flight DoGet, then HTTP POST /graphql), open loop: " + (int) LIGHT_RATE + "/s for "
                + before.toSeconds() + " s, burst " + (int) BURST_RATE + "/s for " + burst.toSeconds() + " s, "
                + (int) LIGHT_RATE + "/s for " + after.toSeconds() + " s; orders(limit: 1..20, where: {id: {gte: $from}})"
                + " { id status total user { name } }; server --max-streams " + QueryServer.MAX_STREAMS + ", "
                + QueryServer.HEAP + "; per-call deadline " + DEADLINE.toSeconds() + " s");
        try (QueryServer server = QueryServer.start(log, "load-burst")) {
            long heapBefore = server.jvm().postGcHeapBytes();
            log.figure("server heap after GC, before the bursts", heapBefore / 1048576.0, "MiB");
            server.onEachTransport(log, 4, DEADLINE,
                    (transport, index) -> burst(log, server, transport, before, burst, after, 11 + index));
            assertThat(server.jvm().isAlive()).as("server alive after the bursts").isTrue();
            long heapAfter = server.jvm().postGcHeapBytes();
            log.figure("server heap after GC, after the bursts", heapAfter / 1048576.0, "MiB");
            log.figure("server RSS after the bursts", server.jvm().rssBytes() / 1048576.0, "MiB");
            assertThat(heapAfter).as("post-GC heap after the bursts (MiB %d before)", heapBefore >> 20)
                    .isLessThanOrEqualTo(heapBefore + HEAP_GROWTH_BOUND);
        }
    }

    private static void burst(ScenarioLog log, QueryServer server, QueryTransport transport, Duration before,
                              Duration burst, Duration after, long seed) throws Exception {
        String name = transport.name();
        LoadTally tally = new LoadTally(log, name);
        ServerTallies counted = ServerTallies.of(server.process(), name);
        double clientCpu = CpuTime.ofThisJvm();
        double serverCpu = CpuTime.ofProcess(server.jvm().pid());
        List<Window> windows;
        try { // the series go into the report even when the load itself fails
            windows = new OpenLoopLoad(log, SENDERS, QueryServer.ORDERS, DEADLINE.plusSeconds(20)).run(List.of(
                    Phase.steady("before", LIGHT_RATE, before),
                    new Phase("burst " + (int) BURST_RATE + "/s", BURST_RATE, BURST_RATE, burst, true),
                    Phase.steady("after", LIGHT_RATE, after)), transport, tally, seed);
        } finally {
            tally.publishSeries();
        }
        Window calm = windows.get(0);
        Window peak = windows.get(1);
        Window recovery = windows.get(2);
        double wall = (recovery.endMs() - calm.startMs()) / 1000.0;
        log.figure(name + " client CPU (load generator)", (CpuTime.ofThisJvm() - clientCpu) / wall, "cores");
        log.figure(name + " server CPU", (CpuTime.ofProcess(server.jvm().pid()) - serverCpu) / wall, "cores");

        Latency baseline = tally.latencies().between(name + " before the burst", calm.startMs(), peak.startMs());
        Latency during = tally.latencies().between(name + " burst (answers completed during it)", peak.startMs(),
                peak.endMs());
        Latency afterwards = tally.latencies().between(name + " after the burst", peak.endMs(), Long.MAX_VALUE);
        log.latency(baseline);
        log.latency(during);
        log.latency(afterwards);
        long scheduled = calm.requests() + peak.requests() + recovery.requests();
        log.figure(name + " burst requests scheduled", peak.requests(), "requests");
        log.figure(name + " burst achieved rate (scheduled)", peak.requests() * 1000.0 / (peak.endMs() - peak.startMs()),
                "req/s");
        log.figure(name + " shed", tally.count(Outcome.SHED), "requests");
        log.figure(name + " answered OK", tally.count(Outcome.OK), "requests");

        assertThat(tally.total()).as(name + ": every scheduled request answered").isEqualTo(scheduled);
        assertThat(tally.count(Outcome.ERROR)).as(name + ": answers that were neither the right rows nor a clean shed"
                + " (other statuses, broken connections, missed deadlines): " + tally.errorSummary()).isZero();
        assertThat(tally.count(Outcome.SHED)).as(name + ": the burst went past --max-streams, so some were shed")
                .isPositive();
        assertThat(baseline.count() - baseline.errors()).as(name + ": answered OK before the burst").isPositive();

        long normalNanos = Math.max(NORMAL_FLOOR.toNanos(), (long) (3 * baseline.p99Ms() * 1e6));
        long normalAt = tally.normalAgainAt(peak.endMs(), normalNanos);
        log.note(name + ": normal latency = at most " + normalNanos / 1_000_000 + " ms (3 × the p99 before the burst,"
                + " at least " + NORMAL_FLOOR.toMillis() + " ms)");
        assertThat(normalAt).as(name + ": every answer OK within " + normalNanos / 1_000_000 + " ms again before the"
                + " end of the run").isNotNegative();
        Duration recoveredIn = Duration.ofMillis(normalAt - peak.endMs());
        log.recovery(name + " back to normal latency after the burst", recoveredIn);
        long lastStretch = recovery.endMs() - Math.min(after.toMillis() / 2, 2_000);
        assertThat(normalAt).as(name + ": back to normal at least in the last stretch of the light load after the burst")
                .isLessThanOrEqualTo(lastStretch);

        ServerTallies.awaitMatching(server.process(), name, counted, tally.count(Outcome.OK), tally.count(Outcome.SHED));
    }
}
