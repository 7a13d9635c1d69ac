package dev.quiver.resilience.harness;

import dev.quiver.resilience.harness.report.DeliveryTally;
import dev.quiver.resilience.harness.report.EventTally;
import dev.quiver.resilience.harness.report.FaultWindow;
import dev.quiver.resilience.harness.report.Figure;
import dev.quiver.resilience.harness.report.Latency;
import dev.quiver.resilience.harness.report.ScenarioResult;
import dev.quiver.resilience.harness.report.Series;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@link Scenario} records for the report while it runs: the load, the faults (with their time windows), the
 * event tallies per store, recovery times, latencies, figures and time series. Thread-safe: samplers and load
 * workers record from their own threads. Every figure handed to it must come from the run itself.
 */
public final class ScenarioLog {
    private static final Logger LOG = LoggerFactory.getLogger(ScenarioLog.class);

    private final String id;
    private final String group;
    private final String title;
    private final SuiteScale scale;
    private final Instant startedAt;
    private final long startNanos;
    private final LongSupplier nanoTime;
    private final List<Fault> faults = new ArrayList<>();
    private final List<EventTally> events = new ArrayList<>();
    private final List<DeliveryTally> deliveries = new ArrayList<>();
    private final List<Figure> recoveries = new ArrayList<>();
    private final List<Latency> latencies = new ArrayList<>();
    private final List<Figure> figures = new ArrayList<>();
    private final Map<String, TimeSeries> series = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private String load = "";

    ScenarioLog(String id, String group, String title, SuiteScale scale, Instant startedAt, LongSupplier nanoTime) {
        this.id = id;
        this.group = group;
        this.title = title;
        this.scale = scale;
        this.startedAt = startedAt;
        this.nanoTime = nanoTime;
        this.startNanos = nanoTime.getAsLong();
    }

    /** The scale this run uses (smoke or full). */
    public SuiteScale scale() {
        return scale;
    }

    /** Milliseconds since the scenario started: the time axis of faults and series. */
    public long elapsedMillis() {
        return (nanoTime.getAsLong() - startNanos) / 1_000_000;
    }

    /** The load the scenario applies, in words, e.g. {@code 20,000 events at 2,000/s}. Replaces an earlier one. */
    public synchronized void load(String description) {
        this.load = description;
        LOG.info("[{}] load: {}", id, description);
    }

    /** A fault starting now; {@link Fault#end()} it when lifted (one left open ends with the scenario). */
    public synchronized Fault fault(String description) {
        Fault fault = new Fault(description, elapsedMillis());
        faults.add(fault);
        LOG.info("[{}] fault at {} ms: {}", id, fault.startMs, description);
        return fault;
    }

    /**
     * What one store of the pipeline holds against the events produced for it (see {@link EventTally}). Subscriber
     * deliveries go to {@link #deliveries} instead: the report counts them apart.
     */
    public void events(String store, long produced, long stored, long duplicated) {
        events(store, produced, stored, duplicated, 0);
    }

    /** {@link #events(String, long, long, long)} with the redelivered copies no user sees (see {@link EventTally}). */
    public synchronized void events(String store, long produced, long stored, long duplicated, long redelivered) {
        events.add(new EventTally(store, produced, stored, duplicated, redelivered));
        LOG.info("[{}] {}: produced {}, stored {}, duplicated {}, redelivered {}", id, store, produced, stored,
                duplicated, redelivered);
    }

    /**
     * What a set of subscribers received against the deliveries due to them (one event to one subscriber, see
     * {@link DeliveryTally}); the report keeps these apart from the pipeline's events.
     */
    public synchronized void deliveries(String subscribers, long expected, long received, long duplicated) {
        deliveries.add(new DeliveryTally(subscribers, expected, received, duplicated));
        LOG.info("[{}] {}: deliveries due {}, received {}, duplicated {}", id, subscribers, expected, received,
                duplicated);
    }

    /**
     * Both sinks' tallies from exact counts. ClickHouse stores its distinct event ids, shows as duplicates what
     * {@code count() FINAL} holds above them (and ids beyond those produced), and as redelivered its raw rows above
     * {@code count() FINAL} (copies a merge collapses); Elasticsearch stores its documents (keyed by event id) and
     * shows as duplicates any above the produced count.
     */
    public void reconcile(long produced, SinkCounts counts) {
        long clickhouseDuplicates = Math.max(0, counts.clickhouseFinal() - counts.clickhouseDistinctIds())
                + Math.max(0, counts.clickhouseDistinctIds() - produced);
        events(PipelineRun.CLICKHOUSE, produced, Math.min(produced, counts.clickhouseDistinctIds()), clickhouseDuplicates,
                Math.max(0, counts.clickhouseRows() - counts.clickhouseFinal()));
        events(PipelineRun.ELASTICSEARCH, produced, Math.min(produced, counts.elasticsearchDocs()),
                Math.max(0, counts.elasticsearchDocs() - produced));
    }

    /** A time to recover, e.g. from a service's restart to both sinks current again. */
    public synchronized void recovery(String what, Duration took) {
        recoveries.add(new Figure(what, took.toMillis() / 1000.0, "s"));
        LOG.info("[{}] recovery {}: {} ms", id, what, took.toMillis());
    }

    /** A latency distribution. */
    public synchronized void latency(Latency latency) {
        latencies.add(latency);
        LOG.info("[{}] latency {}", id, latency);
    }

    /** Any other number the run measured. */
    public synchronized void figure(String name, double value, String unit) {
        figures.add(new Figure(name, value, unit));
        LOG.info("[{}] {} = {} {}", id, name, value, unit);
    }

    /** The series of that name (created on first use) to add points to. */
    public synchronized TimeSeries series(String name, String unit) {
        return series.computeIfAbsent(name, key -> new TimeSeries(key, unit, this::elapsedMillis));
    }

    /** A sampler adding a point to each of its gauges' series every {@code interval}; close it when done. */
    public Sampler sampler(Duration interval) {
        return new Sampler(this, interval);
    }

    /** A remark for the report. */
    public synchronized void note(String text) {
        notes.add(text);
        LOG.info("[{}] note: {}", id, text);
    }

    synchronized ScenarioResult result(long durationMs, boolean passed, String failure) {
        List<FaultWindow> windows = new ArrayList<>();
        for (Fault fault : faults) {
            windows.add(new FaultWindow(fault.description, fault.startMs,
                    fault.endMs < 0 ? durationMs : fault.endMs));
        }
        List<Series> charts = new ArrayList<>();
        series.values().forEach(s -> charts.add(s.snapshot()));
        return new ScenarioResult(id, group, title, scale.name(), startedAt.toString(), durationMs, passed, failure,
                load, windows, events, deliveries, recoveries, latencies, figures, charts, notes);
    }

    /** A fault's time window; {@link #end()} marks when it was lifted. */
    public final class Fault {
        private final String description;
        private final long startMs;
        private long endMs = -1;

        private Fault(String description, long startMs) {
            this.description = description;
            this.startMs = startMs;
        }

        /** The fault is lifted now; returns how long it lasted. Ending twice keeps the first end. */
        public Duration end() {
            synchronized (ScenarioLog.this) {
                if (endMs < 0) {
                    endMs = elapsedMillis();
                    LOG.info("[{}] fault lifted at {} ms: {}", id, endMs, description);
                }
                return Duration.ofMillis(endMs - startMs);
            }
        }
    }
}
