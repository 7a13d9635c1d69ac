package dev.quiver.resilience.suite.stress;

import static dev.quiver.resilience.harness.PipelineRun.CLICKHOUSE;
import static dev.quiver.resilience.harness.PipelineRun.ELASTICSEARCH;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.resilience.harness.CounterRate;
import dev.quiver.resilience.harness.LatencyRecorder;
import dev.quiver.resilience.harness.PipelineRun;
import dev.quiver.resilience.harness.Polling;
import dev.quiver.resilience.harness.RatedPublisher;
import dev.quiver.resilience.harness.Sampler;
import dev.quiver.resilience.harness.Scenario;
import dev.quiver.resilience.harness.ScenarioLog;
import dev.quiver.resilience.harness.SinkCounts;
import dev.quiver.resilience.harness.SinkFreshness;
import dev.quiver.resilience.harness.Smoke;
import dev.quiver.testsupport.ServiceName;
import dev.quiver.testsupport.Services;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * 10,000 events/s offered for {@code log.scale().sustained()} (5 min full, 20 s smoke, {@code -Dresilience.duration}
 * for endurance) through one pipeline: JetStream → one bridge ({@code -Xmx512m}, shipped batching) → ClickHouse and
 * Elasticsearch.
 *
 * <p>Asserted: every event offered is acknowledged; both sinks keep up (full scale only); then both drain within 60 s and hold exactly the
 * events produced, none twice; and the bridge does not leak.
 *
 * <p><b>Keeps up</b>: when the load ends, each sink's backlog (events not yet acknowledged, sampled every 250 ms; its
 * floor over the last {@value #FLOOR_WINDOW_MS} ms, see {@link LagTrace}, so the saw-tooth of batches being written
 * does not count) is at most {@value #BACKLOG_SHARE_PERCENT}% of the events the load published, and at most 10 s of
 * load. A sink that keeps up is behind only by what arrived while its last batches were being written: up to 11% of a
 * 20 s smoke run measured on this 2-core machine while other builds kept its CPUs saturated, well under 1% of a 5 min
 * run. A sink storing at a fraction f of the rate ends a run about 1 - f of it behind, so one at half speed (50%) fails,
 * as does any below three quarters. This is a speed target, so it is asserted at full scale ({@code -Presilience})
 * only; the smoke run in {@code make test} reports the backlogs as figures and asserts behaviour: every event
 * acknowledged, the drain, exact counts, no leak. (A smoke run on a 2-core machine whose CPUs other builds kept busy
 * ended 40% behind in Elasticsearch and failed {@code make test} with nothing wrong but the machine's speed.)
 *
 * <p>The rate is paced by the generator and every event it was asked for must be acknowledged; how fast this machine
 * publishes them is reported, not asserted (60-76% of the rate, acknowledgements included, while other builds
 * saturated its CPUs): speed belongs in the benchmarks, and the keep-up bound is relative to what was published.
 *
 * <p><b>No leak</b>: the bridge's live heap after a full GC ({@code jcmd GC.class_histogram}) idle after the warm-up
 * (below) and idle again after the drain: the second at most {@value #LEAK_MARGIN_MIB} MiB above the first. Both are
 * taken with nothing in flight (every event acknowledged), on a bridge whose sinks, pools and index have been
 * created by the warm-up, so what the second holds above the first is what the load left behind; the margin covers
 * what fills once under load and stays (connection pools grown by concurrent batches, buffers); measured here: 21 MiB
 * after the warm-up, 20 MiB after the drain. A leak of 200 bytes an event retains 8 MiB after the ~42,000 events of the
 * smoke run, 570 MiB after the 3M of the full one. The live heap early, half way and at the end of the load is charted (and given as figures): under
 * load the bridge legitimately holds up to {@code --max-ack-pending} = 20,000 events per sink in flight.
 *
 * <p>The warm-up (2,000 events, not measured) creates the month's Elasticsearch index and the ClickHouse table (over
 * 10 s on a freshly started Elasticsearch) and warms the JITs.
 *
 * <p>Produce→visible latency is sampled each second while the load runs as the age of the newest event each sink's
 * query returns (see {@link SinkFreshness}): it is what a user polling the sink sees, and it grows with any backlog.
 */
class EventsSustainedIT {
    private static final Services SERVICES = Services.fromEnvironment();
    /** {@code -Dresilience.events.rate}: the offered rate (default 10,000/s at full scale, 2,000/s at smoke scale). */
    static final String RATE_PROPERTY = "resilience.events.rate";
    /** One generator thread does not reliably reach 10k acknowledged publishes a second on a busy 2-core machine. */
    private static final int GENERATORS = 3;
    private static final double MIB = 1024.0 * 1024.0;
    private static final int LEAK_MARGIN_MIB = 8;
    private static final long LEAK_MARGIN_BYTES = (long) LEAK_MARGIN_MIB << 20;
    /** The most a sink may be behind when the load ends, in % of what was published (also EventsMaxRateIT's bound). */
    static final int BACKLOG_SHARE_PERCENT = 25;
    private static final long FLOOR_WINDOW_MS = 3_000;
    private static final Duration MOST_BEHIND = Duration.ofSeconds(10);
    private static final Duration DRAIN_BOUND = Duration.ofSeconds(60);
    private static final long WARM_UP_EVENTS = 2_000;
    /** Seeds 1..GENERATORS belong to the load's generators; the warm-up's ids come from another seed. */
    private static final long WARM_UP_SEED = 1_000;
    /** The points of the load (share of its events acknowledged) where the live heap is charted. */
    private static final double[] CHARTED_HEAP_AT = {0.1, 0.5};

    @Scenario(group = "stress", title = "10,000 events/s (smoke: 2,000/s) sustained: sinks keep up, exact counts, no leak in the"
            + " bridge")
    @Smoke
    void tenThousandEventsPerSecondSustained(ScenarioLog log) throws Exception {
        SERVICES.require(ServiceName.NATS, ServiceName.REDIS, ServiceName.CLICKHOUSE, ServiceName.ELASTICSEARCH);
        Duration duration = log.scale().sustained();
        int rate = Integer.getInteger(RATE_PROPERTY, log.scale().pick(2_000, 10_000));
        long requested = (long) rate * duration.toMillis() / 1000;
        try (PipelineRun run = new PipelineRun(SERVICES, "events-sustained")) {
            PipelineRun.Bridge bridge = ThroughputBridge.start(run);
            SinkFreshness freshness = new SinkFreshness(SERVICES, run);
            LatencyRecorder clickhouseLatency = new LatencyRecorder(log);
            LatencyRecorder elasticsearchLatency = new LatencyRecorder(log);
            AtomicBoolean loading = new AtomicBoolean(true);
            log.load(String.format("%,d events/s offered for %s (%,d events, %d generator threads, 200-byte payloads)"
                    + " into one bridge (%s, its default batching and flow control)", rate, duration, requested,
                    GENERATORS, ThroughputBridge.HEAP));

            long warmUp = run.publish(WARM_UP_EVENTS, WARM_UP_SEED, 0);
            Polling.await(Duration.ofSeconds(90), "both sinks to hold the " + warmUp + " warm-up events",
                    () -> run.counts().exactly(warmUp), run::counts);
            awaitNothingInFlight(run, "the warm-up");
            log.note(String.format("warm-up (not measured): %,d events stored in both sinks before the load", warmUp));
            long idleBefore = postGcHeap(log, bridge);
            log.figure("bridge post-GC heap idle after the warm-up", Math.round(idleBefore / MIB), "MiB");

            RatedPublisher.Result published;
            long backlogClickHouse;
            long backlogElasticsearch;
            double storedClickHouseAtEnd;
            double storedElasticsearchAtEnd;
            LagTrace clickhouseLag = new LagTrace();
            LagTrace elasticsearchLag = new LagTrace();
            try (RatedPublisher publisher = RatedPublisher.start(SERVICES.nats().url(), run.eventsSubjectPrefix, rate,
                    duration, GENERATORS, 1);
                 Sampler lagSampler = log.sampler(Duration.ofMillis(250))
                         .gauge("ClickHouse lag", "events",
                                 () -> clickhouseLag.add(log.elapsedMillis(), run.unacknowledged(CLICKHOUSE)))
                         .gauge("Elasticsearch lag", "events",
                                 () -> elasticsearchLag.add(log.elapsedMillis(), run.unacknowledged(ELASTICSEARCH)));
                 Sampler sampler = log.sampler(Duration.ofSeconds(1))
                         .gauge("published events/s", "/s", new CounterRate(publisher::acknowledged))
                         .gauge("ClickHouse stored events/s", "/s",
                                 new CounterRate(() -> ThroughputBridge.stored(bridge, CLICKHOUSE)))
                         .gauge("Elasticsearch stored events/s", "/s",
                                 new CounterRate(() -> ThroughputBridge.stored(bridge, ELASTICSEARCH)))
                         .gauge("bridge RSS", "MiB", () -> bridge.process().rssBytes() / MIB)
                         .gauge("bridge heap", "MiB", () -> ThroughputBridge.heapBytes(bridge) / MIB)
                         .gauge("ClickHouse produce→visible", "s",
                                 () -> latencySample(loading, freshness::clickhouse, clickhouseLatency))
                         .gauge("Elasticsearch produce→visible", "s",
                                 () -> latencySample(loading, freshness::elasticsearch, elasticsearchLatency))) {
                for (double share : CHARTED_HEAP_AT) {
                    if (awaitPublished(publisher, Math.round(share * requested))) {
                        log.figure(String.format("bridge post-GC heap at %.0f%% of the load", share * 100),
                                Math.round(postGcHeap(log, bridge) / MIB), "MiB");
                    }
                }
                published = publisher.await(duration.plusSeconds(60));
                loading.set(false);
                long endMs = log.elapsedMillis();
                storedClickHouseAtEnd = ThroughputBridge.stored(bridge, CLICKHOUSE);
                storedElasticsearchAtEnd = ThroughputBridge.stored(bridge, ELASTICSEARCH);
                backlogClickHouse = clickhouseLag.floor(endMs - FLOOR_WINDOW_MS, endMs);
                backlogElasticsearch = elasticsearchLag.floor(endMs - FLOOR_WINDOW_MS, endMs);
                log.figure("bridge post-GC heap at the end of the load", Math.round(postGcHeap(log, bridge) / MIB), "MiB");
                long produced = published.stored() + warmUp;
                log.figure("offered rate", rate, "events/s");
                log.figure("achieved publish rate", Math.round(published.achievedRate()), "events/s");
                log.figure("events produced", produced, "events");
                log.figure("ClickHouse stored/s during the load", Math.round((storedClickHouseAtEnd - warmUp) / published.seconds()),
                        "events/s");
                log.figure("Elasticsearch stored/s during the load",
                        Math.round((storedElasticsearchAtEnd - warmUp) / published.seconds()), "events/s");
                log.figure("ClickHouse backlog when the load ended (floor of its last 3 s)", backlogClickHouse, "events");
                log.figure("Elasticsearch backlog when the load ended (floor of its last 3 s)", backlogElasticsearch,
                        "events");
                log.figure("ClickHouse backlog when the load ended, share of the load",
                        100.0 * backlogClickHouse / Math.max(1, published.stored()), "%");
                log.figure("Elasticsearch backlog when the load ended, share of the load",
                        100.0 * backlogElasticsearch / Math.max(1, published.stored()), "%");
                log.latency(clickhouseLatency.all("ClickHouse produce→visible (age of newest visible event, 1/s)"));
                log.latency(elasticsearchLatency.all("Elasticsearch produce→visible (age of newest visible event, 1/s)"));

                assertThat(published.firstError()).as("publishing: %s", published).isNull();
                assertThat(published.acknowledged()).as("every event offered was acknowledged: %s", published)
                        .isEqualTo(requested);
                if (log.scale().full()) { // a speed target: see "Keeps up" above for why smoke runs only report it
                    long mostBehind = Math.min(published.stored() * BACKLOG_SHARE_PERCENT / 100,
                            rate * MOST_BEHIND.toSeconds());
                    assertThat(backlogClickHouse).as("ClickHouse keeps up: backlog when the load ended, at most %d%% of"
                            + " the %,d events published and %s of load", BACKLOG_SHARE_PERCENT, published.stored(),
                            MOST_BEHIND).isLessThanOrEqualTo(mostBehind);
                    assertThat(backlogElasticsearch).as("Elasticsearch keeps up: backlog when the load ended, at most %d%%"
                                    + " of the %,d events published and %s of load", BACKLOG_SHARE_PERCENT,
                            published.stored(), MOST_BEHIND).isLessThanOrEqualTo(mostBehind);
                }

                long drainStart = System.nanoTime();
                awaitNothingInFlight(run, "the load (drain)");
                log.recovery("backlog drained after the load", Duration.ofNanos(System.nanoTime() - drainStart));
                long idleAfter = postGcHeap(log, bridge);
                log.figure("bridge post-GC heap idle after the drain", Math.round(idleAfter / MIB), "MiB");
                assertThat(idleAfter).as("bridge post-GC heap idle after the drain (%.1f MiB) vs idle after the warm-up"
                                + " (%.1f MiB): at most %d MiB more, or the load left something behind", idleAfter / MIB,
                        idleBefore / MIB, LEAK_MARGIN_MIB).isLessThanOrEqualTo(idleBefore + LEAK_MARGIN_BYTES);
                Polling.await(Duration.ofSeconds(30), "both sinks to show exactly " + produced + " events",
                        () -> run.counts().exactly(produced), run::counts);
                SinkCounts counts = run.counts();
                log.reconcile(produced, counts);
                assertThat(counts.clickhouseDistinctIds()).as("ClickHouse distinct event ids").isEqualTo(produced);
                assertThat(counts.clickhouseFinal()).as("ClickHouse count() FINAL").isEqualTo(produced);
                assertThat(counts.elasticsearchDocs()).as("Elasticsearch documents").isEqualTo(produced);
            }
        }
    }

    /** Waits (bounded) until both sinks' consumers have acknowledged everything published so far. */
    private static void awaitNothingInFlight(PipelineRun run, String after) throws InterruptedException {
        Polling.await(DRAIN_BOUND, "both sinks to acknowledge everything after " + after,
                () -> run.unacknowledged(CLICKHOUSE) == 0 && run.unacknowledged(ELASTICSEARCH) == 0,
                () -> run.unacknowledged(CLICKHOUSE) + " / " + run.unacknowledged(ELASTICSEARCH) + " unacknowledged");
    }

    /** Records the sink's staleness while the load runs; after it, there is nothing new to see, so no sample. */
    private static double latencySample(AtomicBoolean loading, Callable<Duration> age, LatencyRecorder recorder)
            throws Exception {
        if (!loading.get()) {
            throw new IllegalStateException("load over");
        }
        Duration value = age.call();
        recorder.record(value.toNanos(), LatencyRecorder.Outcome.OK);
        return value.toMillis() / 1000.0;
    }

    private static long postGcHeap(ScenarioLog log, PipelineRun.Bridge bridge) throws InterruptedException {
        long bytes = bridge.process().postGcHeapBytes();
        log.series("bridge post-GC heap", "MiB").add(bytes / MIB);
        return bytes;
    }

    /**
     * Waits until the publisher has {@code events} acknowledged (by progress, not the clock); false if it finished
     * without getting there (then there is no such point to chart). Bounded by the publisher, which ends.
     */
    private static boolean awaitPublished(RatedPublisher publisher, long events) throws InterruptedException {
        while (publisher.acknowledged() < events) {
            if (publisher.isDone()) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }
}
