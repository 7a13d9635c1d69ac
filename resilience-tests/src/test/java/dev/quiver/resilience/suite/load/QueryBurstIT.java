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
import java.util.concurrent.atomic.AtomicLong;

/**
 * A 5,000 requests-per-second burst far past the server's stream limit, between two stretches of light load: the
 * server sheds the excess cleanly (Flight RESOURCE_EXHAUSTED, HTTP 429 with Retry-After), answers everything else
 * correctly, misses no deadline, stays alive with a bounded heap, and once it has worked off the burst serves the
 * light load at its normal latency again.
 *
 * <p>How long working off the burst takes depends on the machine (Flight queues the calls past its thread pool and
 * refuses them in turn: ~13-18 s for 5,000 calls on this loaded 2-core machine, HTTP ~5 s), so the light load after
 * the burst runs until it has recovered, not for a fixed time: until every request of the burst has been answered and
 * the answers of the last {@value #STRETCH_MS} ms are all OK at normal latency (at most 3 × the p99 before the burst,
 * and at least {@value #NORMAL_FLOOR_MS} ms) and are at least half the light load's rate; asserted is that this
 * happens within {@value #RECOVERY_LIMIT_S} s of the burst, and that no answer completed after that was shed (nor any
 * wrong, at any time). A server that does not recover (stream slots leaked, a pool stuck, sheds that go on) fails;
 * its recovery time is reported.
 */
class QueryBurstIT {
    static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final double LIGHT_RATE = 100;
    private static final double BURST_RATE = 5_000;
    /** Senders in the test JVM: enough that a burst's calls are in flight at once, not queued in the client. */
    private static final int SENDERS = 1_000;
    /** Slower than this after the burst is not "normal" whatever the baseline (a floor for a quiet baseline). */
    private static final long NORMAL_FLOOR_MS = 250;
    /** How long the answers must have been normal for the server to count as recovered. */
    private static final long STRETCH_MS = 3_000;
    /** The longest the light load after the burst runs waiting for the recovery (a generous bound, not a target). */
    private static final int RECOVERY_LIMIT_S = 90;
    /** The heap may hold this much more after the bursts than before (post-GC, so only what the server retains). */
    private static final long HEAP_GROWTH_BOUND = 64L << 20;

    @Scenario(group = "load", title = "Burst of 5,000 queries/s: clean shedding, no hang, back to normal latency,"
            + " Flight and HTTP/JSON")
    @Smoke
    void burstIsShedCleanlyAndTheServerRecovers(ScenarioLog log) throws Exception {
        Duration before = log.scale().pick(Duration.ofSeconds(2), Duration.ofSeconds(4));
        Duration burst = log.scale().pick(Duration.ofSeconds(1), Duration.ofSeconds(2));
        log.load("per transport (Flight DoGet, then HTTP POST /graphql), open loop: " + (int) LIGHT_RATE + "/s for "
                + before.toSeconds() + " s, burst " + (int) BURST_RATE + "/s for " + burst.toSeconds() + " s, "
                + (int) LIGHT_RATE + "/s until recovered (at most " + RECOVERY_LIMIT_S + " s); orders(limit: 1..20,"
                + " where: {id: {gte: $from}}) { id status total user { name } }; server --max-streams "
                + QueryServer.MAX_STREAMS + ", " + QueryServer.HEAP + "; per-call deadline " + DEADLINE.toSeconds() + " s");
        try (QueryServer server = QueryServer.start(log, "load-burst")) {
            long heapBefore = server.jvm().postGcHeapBytes();
            log.figure("server heap after GC, before the bursts", heapBefore / 1048576.0, "MiB");
            server.onEachTransport(log, 4, DEADLINE,
                    (transport, index) -> burst(log, server, transport, before, burst, 11 + index));
            assertThat(server.jvm().isAlive()).as("server alive after the bursts").isTrue();
            long heapAfter = server.jvm().postGcHeapBytes();
            log.figure("server heap after GC, after the bursts", heapAfter / 1048576.0, "MiB");
            log.figure("server RSS after the bursts", server.jvm().rssBytes() / 1048576.0, "MiB");
            assertThat(heapAfter).as("post-GC heap after the bursts (MiB %d before)", heapBefore >> 20)
                    .isLessThanOrEqualTo(heapBefore + HEAP_GROWTH_BOUND);
        }
    }

    private static void burst(ScenarioLog log, QueryServer server, QueryTransport transport, Duration before,
                              Duration burst, long seed) throws Exception {
        String name = transport.name();
        LoadTally tally = new LoadTally(log, name);
        ServerTallies counted = ServerTallies.of(server.process(), name);
        double clientCpu = CpuTime.ofThisJvm();
        double serverCpu = CpuTime.ofProcess(server.jvm().pid());
        AtomicLong recoveredAt = new AtomicLong(-1);
        List<Window> windows;
        try { // the series go into the report even when the load itself fails
            windows = new OpenLoopLoad(log, SENDERS, QueryServer.ORDERS, DEADLINE.plusSeconds(20)).run(List.of(
                    Phase.steady("before", LIGHT_RATE, before),
                    new Phase("burst " + (int) BURST_RATE + "/s", BURST_RATE, BURST_RATE, burst, true),
                    Phase.steadyUntil("after, until recovered", LIGHT_RATE, Duration.ofSeconds(RECOVERY_LIMIT_S),
                            (earlier, unanswered) -> unanswered == 0 && recovered(log, tally, earlier, recoveredAt))),
                    transport, tally, seed);
        } finally {
            tally.publishSeries();
        }
        Window calm = windows.get(0);
        Window peak = windows.get(1);
        Window recovery = windows.get(2);
        double wall = (recovery.endMs() - calm.startMs()) / 1000.0;
        log.figure(name + " client CPU (load generator)", (CpuTime.ofThisJvm() - clientCpu) / wall, "cores");
        log.figure(name + " server CPU", (CpuTime.ofProcess(server.jvm().pid()) - serverCpu) / wall, "cores");

        Latency baseline = baseline(tally, calm, peak);
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

        log.note(name + ": normal latency = at most " + normalNanos(baseline) / 1_000_000 + " ms (3 × the p99 before"
                + " the burst, at least " + NORMAL_FLOOR_MS + " ms); the light load after the burst ran "
                + (recovery.endMs() - recovery.startMs()) / 1000 + " s");
        assertThat(recoveredAt.get()).as(name + ": back to normal (every burst request answered, then " + STRETCH_MS
                + " ms of OK answers at normal latency) within " + RECOVERY_LIMIT_S + " s of the burst").isNotNegative();
        log.recovery(name + " back to normal latency after the burst", Duration.ofMillis(recoveredAt.get() - peak.endMs()));
        assertThat(tally.countAfter(Outcome.SHED, recoveredAt.get())).as(name + ": answers shed after the server was"
                + " back to normal").isZero();

        ServerTallies.awaitMatching(server.process(), name, counted, tally.count(Outcome.OK), tally.count(Outcome.SHED));
    }

    /**
     * Whether the server has recovered from the burst, once every request scheduled before this phase (the light
     * load and the burst) has been answered: the answers of the last {@link #STRETCH_MS} are all OK at normal latency
     * and at least half the light load's rate. When it has, {@code recoveredAt} gets the moment it was normal again
     * (the completion of the last answer that was not).
     */
    private static boolean recovered(ScenarioLog log, LoadTally tally, List<Window> earlier, AtomicLong recoveredAt) {
        Window calm = earlier.get(0);
        Window peak = earlier.get(1);
        long now = log.elapsedMillis();
        long normalAt = tally.normalAgainAt(peak.endMs(), normalNanos(baseline(tally, calm, peak)));
        if (normalAt >= 0 && now - normalAt >= STRETCH_MS
                && tally.completedBetween(now - STRETCH_MS, now) >= LIGHT_RATE * STRETCH_MS / 1000 / 2) {
            recoveredAt.set(normalAt);
            return true;
        }
        return false;
    }

    private static Latency baseline(LoadTally tally, Window calm, Window peak) {
        return tally.latencies().between(tally.name() + " before the burst", calm.startMs(), peak.startMs());
    }

    private static long normalNanos(Latency baseline) {
        return Math.max(NORMAL_FLOOR_MS * 1_000_000, (long) (3 * baseline.p99Ms() * 1e6));
    }
}
