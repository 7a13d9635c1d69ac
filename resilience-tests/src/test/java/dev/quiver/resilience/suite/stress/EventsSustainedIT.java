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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * 10,000 events/s offered for {@code log.scale().sustained()} (5 min full, 20 s smoke, {@code -Dresilience.duration}
 * for endurance) through one pipeline: JetStream → one bridge ({@code -Xmx512m}, shipped batching) → ClickHouse and
 * Elasticsearch.
 *
 * <p>Asserted: the generator really offered the rate; both sinks keep up (their backlog when the load ends is at
 * most 10 s of load) and drain within 60 s; then both hold exactly the events produced, none twice; and the bridge
 * does not leak: its post-GC heap is taken at ~10%, 50% and 100% of the load (charted) and once more after the
 * drain, idle, which must be at most 32 MiB above the one at 10%. Idle against early-load, not end-load against
 * early-load: under load the bridge legitimately holds up to {@code --max-ack-pending} = 20,000 events per sink in
 * flight (~1.7 KB each on the heap as JSON, Arrow and request bodies: up to ~70 MiB, measured), and how much of that
 * it holds at an instant depends on whether a sink is behind, so end-load vs early-load would flag a slow sink as a
 * leak. Idle it holds nothing in flight, so what it retains above the early-load figure is what the load left
 * behind; 32 MiB covers what fills once and stays (connection pools, metric series, class data), while
 * a leak of just 100 bytes per event retains ~290 MiB after the 3M events of the full run.
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
    private static final long LEAK_MARGIN_BYTES = 32L * 1024 * 1024;
    private static final Duration MOST_BEHIND = Duration.ofSeconds(10);
    private static final Duration DRAIN_BOUND = Duration.ofSeconds(60);
    private static final long WARM_UP_EVENTS = 2_000;
    /** Seeds 1..GENERATORS belong to the load's generators; the warm-up's ids come from another seed. */
    private static final long WARM_UP_SEED = 1_000;
    private static final Duration FIRST_HEAP_CHECK_EARLIEST = Duration.ofSeconds(5);

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

            RatedPublisher.Result published;
            List<Long> postGcHeap = new ArrayList<>();
            long backlogClickHouse;
            long backlogElasticsearch;
            double storedClickHouseAtEnd;
            double storedElasticsearchAtEnd;
            // warm-up, not measured: the first write creates the month's Elasticsearch index and the ClickHouse table
            // (over 10 s on a freshly started Elasticsearch here) and the JITs warm up
            long warmUp = run.publish(WARM_UP_EVENTS, WARM_UP_SEED, 0);
            Polling.await(Duration.ofSeconds(90), "both sinks to hold the " + warmUp + " warm-up events",
                    () -> run.counts().exactly(warmUp), run::counts);
            log.note(String.format("warm-up (not measured): %,d events stored in both sinks before the load", warmUp));
            long loadStartMs = log.elapsedMillis();
            try (RatedPublisher publisher = RatedPublisher.start(SERVICES.nats().url(), run.eventsSubjectPrefix, rate,
                    duration, GENERATORS, 1);
                 Sampler sampler = log.sampler(Duration.ofSeconds(1))
                         .gauge("published events/s", "/s", new CounterRate(publisher::acknowledged))
                         .gauge("ClickHouse stored events/s", "/s",
                                 new CounterRate(() -> ThroughputBridge.stored(bridge, CLICKHOUSE)))
                         .gauge("Elasticsearch stored events/s", "/s",
                                 new CounterRate(() -> ThroughputBridge.stored(bridge, ELASTICSEARCH)))
                         .gauge("ClickHouse lag", "events", () -> run.unacknowledged(CLICKHOUSE))
                         .gauge("Elasticsearch lag", "events", () -> run.unacknowledged(ELASTICSEARCH))
                         .gauge("bridge RSS", "MiB", () -> bridge.process().rssBytes() / MIB)
                         .gauge("bridge heap", "MiB", () -> ThroughputBridge.heapBytes(bridge) / MIB)
                         .gauge("ClickHouse produce→visible", "s",
                                 () -> latencySample(loading, freshness::clickhouse, clickhouseLatency))
                         .gauge("Elasticsearch produce→visible", "s",
                                 () -> latencySample(loading, freshness::elasticsearch, elasticsearchLatency))) {
                long firstCheck = Math.max(FIRST_HEAP_CHECK_EARLIEST.toMillis(), duration.toMillis() / 10);
                for (long at : new long[] {firstCheck, duration.toMillis() / 2}) {
                    sleepUntil(log, loadStartMs + at, publisher);
                    postGcHeap.add(postGcHeap(log, bridge));
                }
                published = publisher.await(duration.plusSeconds(60));
                loading.set(false);
                storedClickHouseAtEnd = ThroughputBridge.stored(bridge, CLICKHOUSE);
                storedElasticsearchAtEnd = ThroughputBridge.stored(bridge, ELASTICSEARCH);
                backlogClickHouse = run.unacknowledged(CLICKHOUSE);
                backlogElasticsearch = run.unacknowledged(ELASTICSEARCH);
                postGcHeap.add(postGcHeap(log, bridge));
                long produced = published.stored() + warmUp;
                log.figure("offered rate", rate, "events/s");
                log.figure("achieved publish rate", Math.round(published.achievedRate()), "events/s");
                log.figure("events produced", produced, "events");
                log.figure("ClickHouse stored/s during the load", Math.round((storedClickHouseAtEnd - warmUp) / published.seconds()),
                        "events/s");
                log.figure("Elasticsearch stored/s during the load",
                        Math.round((storedElasticsearchAtEnd - warmUp) / published.seconds()), "events/s");
                log.figure("ClickHouse backlog when the load ended", backlogClickHouse, "events");
                log.figure("Elasticsearch backlog when the load ended", backlogElasticsearch, "events");
                log.figure("bridge post-GC heap early in the load", Math.round(postGcHeap.get(0) / MIB), "MiB");
                log.figure("bridge post-GC heap mid-load", Math.round(postGcHeap.get(1) / MIB), "MiB");
                log.figure("bridge post-GC heap at the end of the load", Math.round(postGcHeap.get(2) / MIB), "MiB");
                log.latency(clickhouseLatency.all("ClickHouse produce→visible (age of newest visible event, 1/s)"));
                log.latency(elasticsearchLatency.all("Elasticsearch produce→visible (age of newest visible event, 1/s)"));

                assertThat(published.firstError()).as("publishing: %s", published).isNull();
                assertThat(published.acknowledged()).as("every event offered was acknowledged: %s", published)
                        .isEqualTo(requested);
                assertThat(published.achievedRate()).as("the generator really offered %,d/s: %s", rate, published)
                        .isGreaterThanOrEqualTo(rate * 0.95);
                long mostBehind = rate * MOST_BEHIND.toSeconds();
                assertThat(backlogClickHouse).as("ClickHouse keeps up: backlog when the load ended, at most %s of load",
                        MOST_BEHIND).isLessThanOrEqualTo(mostBehind);
                assertThat(backlogElasticsearch).as("Elasticsearch keeps up: backlog when the load ended, at most %s of load",
                        MOST_BEHIND).isLessThanOrEqualTo(mostBehind);

                long drainStart = System.nanoTime();
                Polling.await(DRAIN_BOUND, "both sinks to acknowledge everything (drain)",
                        () -> run.unacknowledged(CLICKHOUSE) == 0 && run.unacknowledged(ELASTICSEARCH) == 0,
                        () -> run.unacknowledged(CLICKHOUSE) + " / " + run.unacknowledged(ELASTICSEARCH) + " unacknowledged");
                log.recovery("backlog drained after the load", Duration.ofNanos(System.nanoTime() - drainStart));
                long idleHeap = postGcHeap(log, bridge);
                log.figure("bridge post-GC heap idle after the drain", Math.round(idleHeap / MIB), "MiB");
                assertThat(idleHeap).as("bridge post-GC heap idle after the drain (%.0f MiB) vs early in the load (%.0f MiB):"
                                + " at most 32 MiB more, or the load left something behind", idleHeap / MIB,
                        postGcHeap.get(0) / MIB).isLessThanOrEqualTo(postGcHeap.get(0) + LEAK_MARGIN_BYTES);
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

    private static void sleepUntil(ScenarioLog log, long elapsedMs, RatedPublisher publisher) throws InterruptedException {
        while (log.elapsedMillis() < elapsedMs && !publisher.isDone()) {
            Thread.sleep(Math.min(500, Math.max(1, elapsedMs - log.elapsedMillis())));
        }
    }
}
