package dev.quiver.resilience.suite.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.resilience.harness.AckedPublisher;
import dev.quiver.resilience.harness.PipelineRun;
import dev.quiver.resilience.harness.Polling;
import dev.quiver.resilience.harness.Sampler;
import dev.quiver.resilience.harness.ScenarioLog;
import dev.quiver.resilience.harness.SinkCounts;
import dev.quiver.resilience.harness.SinkFreshness;
import dev.quiver.testsupport.ServiceName;
import dev.quiver.testsupport.Services;
import dev.quiver.testsupport.process.PrometheusScrape;
import eu.rekawek.toxiproxy.Proxy;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One chaos scenario's pipeline: a {@link PipelineRun} with bridge child processes (breakers tuned to react within
 * seconds), a producer that retries until every event is acknowledged, charts of what each sink stored, its lag and
 * its breaker state every second, and the common ending: both sinks hold exactly what was produced, nothing is left
 * unacknowledged, the tallies and breaker transitions go into the report.
 */
final class ChaosRun implements AutoCloseable {
    static final Services SERVICES = Services.fromEnvironment();
    static final List<String> SINKS = List.of(PipelineRun.CLICKHOUSE, PipelineRun.ELASTICSEARCH);
    static final List<String> BREAKER_STATES = List.of("open", "half_open", "closed");
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(1);
    static final long MAX_EVENTS = 200_000;

    final ScenarioLog log;
    final PipelineRun run;
    private final Map<String, String> bridgeFlags;
    private final List<PipelineRun.Bridge> bridges = new CopyOnWriteArrayList<>();
    private final Map<PipelineRun.Bridge, PrometheusScrape> lastScrape = new ConcurrentHashMap<>();
    private final Sampler sampler;
    private final Sampler elasticsearchSampler;
    private boolean samplersClosed;
    private volatile PipelineRun.Bridge bridge;
    private volatile AckedPublisher producer;
    private volatile SinkFreshness freshness;
    private int rate;
    private List<Link> links = List.of();
    private long producingSince;

    private ChaosRun(ScenarioLog log, PipelineRun run, Map<String, String> bridgeFlags) {
        this.log = log;
        this.run = run;
        this.bridgeFlags = bridgeFlags;
        this.sampler = log.sampler(SAMPLE_EVERY);
        sampler.gauge("produced (acknowledged)", "events", () -> producer == null ? 0 : producer.acknowledged());
        sampler.gauge("stored clickhouse (count FINAL)", "events", run::clickhouseFinal);
        // its own thread: a frozen Elasticsearch blocks this gauge up to the client's socket timeout
        this.elasticsearchSampler = log.sampler(SAMPLE_EVERY)
                .gauge("stored elasticsearch (docs)", "events", run::elasticsearchDocs);
        for (String sink : SINKS) {
            sampler.gauge("lag " + sink + " (unacknowledged)", "messages", () -> run.unacknowledged(sink));
        }
        for (String sink : SINKS) {
            sampler.gauge("breaker " + sink + " (0 closed, 1 open, 2 half-open)", "state",
                    () -> scrape().sum("quiver_bridge_breaker_state", "sink", sink));
        }
    }

    /** A run whose bridge reaches every service directly, with {@code flags} replacing the bridge's defaults. */
    static ChaosRun open(ScenarioLog log, String name, Map<String, String> flags) throws Exception {
        SERVICES.require(ServiceName.NATS, ServiceName.REDIS, ServiceName.CLICKHOUSE, ServiceName.ELASTICSEARCH,
                ServiceName.TOXIPROXY);
        PipelineRun run = new PipelineRun(SERVICES, name);
        return started(log, run, flags, "bridge breakers tuned for the run: open after 2 failed writes of the last 4,"
                + " half-open after 2 s, one good trial closes; 2 write attempts per batch; pipeline run " + run.id);
    }

    static ChaosRun open(ScenarioLog log, String name) throws Exception {
        return open(log, name, Map.of());
    }

    /**
     * A run on the NATS servers at {@code natsUrl} (a cluster's nodes, comma-separated): its streams created with
     * {@code replicas} copies ({@code --stream-replicas}), each bridge given every node's URL; Redis and the sinks
     * are the shared services. One bridge is started; {@link #startBridge()} adds more, sharing each sink's durable
     * consumer.
     */
    static ChaosRun openOnCluster(ScenarioLog log, String name, String natsUrl, int replicas) throws Exception {
        SERVICES.require(ServiceName.REDIS, ServiceName.CLICKHOUSE, ServiceName.ELASTICSEARCH);
        PipelineRun run = new PipelineRun(SERVICES, name, natsUrl);
        return started(log, run, Map.of("nats-url", natsUrl, "stream-replicas", Integer.toString(replicas)),
                "NATS cluster " + natsUrl + ", streams with " + replicas + " replicas; bridge breakers tuned for the"
                        + " run: open after 2 failed writes of the last 4, half-open after 2 s; pipeline run " + run.id);
    }

    /** A chaos run on {@code run} with its first bridge started; {@code run} is closed if that fails. */
    private static ChaosRun started(ScenarioLog log, PipelineRun run, Map<String, String> flags, String note)
            throws Exception {
        try {
            ChaosRun chaos = new ChaosRun(log, run, flags);
            log.note(note);
            chaos.startBridge();
            return chaos;
        } catch (Exception | Error e) {
            run.close();
            throw e;
        }
    }

    /** One link of the pipeline through a toxiproxy proxy of this run, e.g. {@code bridge→clickhouse}. */
    record Link(String name, Proxy proxy) {
    }

    /**
     * A run whose every link goes through its own toxiproxy proxy: bridge→ClickHouse, bridge→Elasticsearch,
     * bridge→Redis, bridge→NATS and producer→NATS ({@link #links()}; produce with {@link #produceThroughLink}).
     */
    static ChaosRun openThroughProxies(ScenarioLog log, String name) throws Exception {
        SERVICES.require(ServiceName.NATS, ServiceName.REDIS, ServiceName.CLICKHOUSE, ServiceName.ELASTICSEARCH,
                ServiceName.TOXIPROXY);
        PipelineRun run = new PipelineRun(SERVICES, name);
        try {
            String nats = SERVICES.nats().host() + ":" + SERVICES.nats().port();
            List<Link> links = List.of(
                    new Link("bridge→clickhouse", run.proxy("ch", SERVICES.clickhouse().host() + ":"
                            + SERVICES.clickhouse().httpPort())),
                    new Link("bridge→elasticsearch", run.proxy("es", SERVICES.elasticsearch().host() + ":"
                            + SERVICES.elasticsearch().port())),
                    new Link("bridge→redis", run.proxy("redis", SERVICES.redis().host() + ":" + SERVICES.redis().port())),
                    new Link("bridge→nats", run.proxy("bridge-nats", nats)),
                    new Link("producer→nats", run.proxy("producer-nats", nats)));
            Map<String, String> flags = Map.of(
                    "clickhouse-url", "http://" + links.get(0).proxy().getListen(),
                    "elasticsearch-url", "http://" + links.get(1).proxy().getListen(),
                    "redis-url", "redis://" + links.get(2).proxy().getListen(),
                    "nats-url", "nats://" + links.get(3).proxy().getListen());
            ChaosRun chaos = new ChaosRun(log, run, flags);
            chaos.links = links;
            log.note("every link through its own toxiproxy proxy; bridge breakers tuned for the run: open after 2"
                    + " failed writes of the last 4, half-open after 2 s; pipeline run " + run.id);
            chaos.startBridge();
            return chaos;
        } catch (Exception | Error e) {
            run.close();
            throw e;
        }
    }

    /** The proxied links, producer→nats last (empty unless opened through proxies). */
    List<Link> links() {
        return links;
    }

    /** Starts the producer through the producer→nats link. */
    AckedPublisher produceThroughLink(long seed, int rate) throws IOException, InterruptedException {
        Link producerLink = links.get(links.size() - 1);
        return produce("nats://" + producerLink.proxy().getListen(), seed, rate);
    }

    /** Starts a bridge (the next one after a kill) and makes it the one the charts and metrics follow. */
    PipelineRun.Bridge startBridge() throws IOException, InterruptedException {
        PipelineRun.Bridge started = run.startBridge(bridgeFlags, fastBreakers());
        bridges.add(started);
        bridge = started;
        return started;
    }

    PipelineRun.Bridge bridge() {
        return bridge;
    }

    /** The producer started last. */
    AckedPublisher producer() {
        if (producer == null) {
            throw new IllegalStateException("no producer started yet");
        }
        return producer;
    }

    /** The producer's rate, events per second. */
    int rate() {
        return rate;
    }

    /** How far behind the producer each store is, as users see it. */
    SinkFreshness freshness() {
        if (freshness == null) {
            freshness = new SinkFreshness(SERVICES, run);
        }
        return freshness;
    }

    /**
     * Starts the producer on the run's events subjects through {@code natsUrl}: {@code rate} events per second until
     * {@link #stopProducing}, at most {@value #MAX_EVENTS} (a bound, never reached in time).
     */
    AckedPublisher produce(String natsUrl, long seed, int rate) throws IOException, InterruptedException {
        return produce(natsUrl, seed, rate, MAX_EVENTS);
    }

    /**
     * Starts the producer on the run's events subjects through {@code natsUrl}: {@code count} events at {@code rate}
     * per second, then it stops by itself ({@link AckedPublisher#await} waits until each is acknowledged).
     */
    AckedPublisher produce(String natsUrl, long seed, int rate, long count) throws IOException, InterruptedException {
        AckedPublisher started = AckedPublisher.start(natsUrl, run.eventsSubjectPrefix, count, seed, rate);
        producer = started;
        this.rate = rate;
        producingSince = System.nanoTime();
        log.load(String.format("events at %,d/s until after the fault (acknowledged by JetStream, failed publishes"
                + " retried)", rate));
        return started;
    }

    AckedPublisher produce(long seed, int rate) throws IOException, InterruptedException {
        return produce(SERVICES.nats().url(), seed, rate);
    }

    /**
     * Lets the producer go on for {@code after}, then stops it and waits until everything it published is
     * acknowledged; returns that count (the events produced).
     */
    long stopProducing(Duration after) throws InterruptedException {
        Thread.sleep(after.toMillis());
        AckedPublisher.Result result = producer.finish(Duration.ofSeconds(90));
        double seconds = (System.nanoTime() - producingSince) / 1e9;
        log.load(String.format("%,d events at %,d/s over %.0f s, from before the fault until %d s after it"
                        + " (acknowledged by JetStream; %,d failed publishes retried, %,d acknowledged as duplicates)",
                result.acknowledged(), rate, seconds, after.toSeconds(), result.retries(), result.duplicates()));
        return result.acknowledged();
    }

    /** Waits until both sinks hold at least {@code atLeast} events: events are flowing before a fault hits. */
    void awaitFlowing(long atLeast) throws InterruptedException {
        Polling.await(Duration.ofSeconds(60), "both sinks to hold at least " + atLeast + " events",
                () -> {
                    SinkCounts counts = run.counts();
                    return counts.clickhouseFinal() >= atLeast && counts.elasticsearchDocs() >= atLeast;
                }, run::counts);
    }

    /**
     * Waits until both sinks hold every event acknowledged before the fault ended ({@code target}) and records
     * the time from {@code faultEndNanos} as the recovery.
     */
    Duration recovered(String what, long target, long faultEndNanos, Duration timeout) throws InterruptedException {
        Polling.await(timeout, what + ": both sinks to hold the " + target + " events acknowledged by then",
                () -> {
                    SinkCounts counts = run.counts();
                    return counts.clickhouseFinal() >= target && counts.elasticsearchDocs() >= target;
                }, run::counts);
        Duration took = Duration.ofNanos(System.nanoTime() - faultEndNanos);
        log.recovery(what, took);
        return took;
    }

    /** Waits until the current bridge's breaker of {@code sink} has opened at least once. */
    void awaitBreakerOpened(String sink, Duration timeout) throws InterruptedException {
        Polling.await(timeout, sink + "'s breaker to open",
                () -> scrape().sum("quiver_bridge_breaker_transitions_total", "sink", sink, "to", "open") >= 1,
                () -> "state " + scrape().sum("quiver_bridge_breaker_state", "sink", sink));
    }

    /**
     * The common ending: waits (bounded) until both sinks hold exactly {@code produced} events and both consumers
     * have acknowledged everything, then records the tallies, the stream's message count and the breaker
     * transitions, and asserts the exact reconciliation. The tallies are recorded even when the wait fails.
     */
    SinkCounts finish(long produced, Duration timeout) throws Exception {
        AssertionError notExact = null;
        try {
            Polling.await(timeout, "both sinks to hold exactly " + produced + " events",
                    () -> run.counts().exactly(produced), run::counts);
            Polling.await(Duration.ofSeconds(30), "both consumers fully acknowledged",
                    () -> run.unacknowledged(PipelineRun.CLICKHOUSE) == 0
                            && run.unacknowledged(PipelineRun.ELASTICSEARCH) == 0,
                    () -> run.unacknowledged(PipelineRun.CLICKHOUSE) + "/"
                            + run.unacknowledged(PipelineRun.ELASTICSEARCH));
        } catch (AssertionError e) {
            notExact = e;
        }
        closeSamplers();
        SinkCounts end = run.counts();
        log.reconcile(produced, end);
        log.figure("messages in the JetStream stream", run.streamMessages(), "messages");
        log.figure("ClickHouse raw rows (redelivered copies before a merge)", end.clickhouseRows(), "rows");
        if (producer != null) {
            log.figure("producer publish retries", producer.retries(), "attempts");
        }
        log.figure("bridge processes", bridges.size(), "processes");
        recordBreakerTransitions();
        if (notExact != null) {
            throw notExact;
        }
        assertThat(end.clickhouseDistinctIds()).as("distinct event ids in ClickHouse").isEqualTo(produced);
        assertThat(end.clickhouseFinal()).as("ClickHouse count() FINAL: no duplicate visible").isEqualTo(produced);
        assertThat(end.elasticsearchDocs()).as("Elasticsearch documents").isEqualTo(produced);
        for (String sink : SINKS) {
            assertThat(scrape().sum("quiver_bridge_events_dead_lettered_total", "sink", sink))
                    .as(sink + ": a fault is retried, never dead-lettered").isZero();
        }
        return end;
    }

    /** Breaker transitions of {@code sink} into {@code state}, summed over every bridge of the run. */
    double transitions(String sink, String state) {
        double total = 0;
        for (PrometheusScrape scrape : lastScrape.values()) {
            total += scrape.sum("quiver_bridge_breaker_transitions_total", "sink", sink, "to", state);
        }
        return total;
    }

    private void recordBreakerTransitions() {
        try {
            scrape();
        } catch (Exception e) {
            log.note("last metrics scrape of " + bridge.process().name() + " failed: " + e);
        }
        for (String sink : SINKS) {
            for (String state : BREAKER_STATES) {
                log.figure(sink + " breaker transitions to " + state, transitions(sink, state), "transitions");
            }
        }
    }

    /** Scrapes the current bridge's {@code /metrics}, remembering it (a killed bridge keeps its last scrape). */
    PrometheusScrape scrape() throws IOException, InterruptedException {
        PipelineRun.Bridge current = bridge;
        PrometheusScrape scrape = current.metrics();
        lastScrape.put(current, scrape);
        return scrape;
    }

    /** Scrapes every live bridge once more, so a bridge about to be killed has its counters remembered. */
    void rememberMetrics() {
        try {
            scrape();
        } catch (Exception e) {
            log.note("metrics scrape failed: " + e);
        }
    }

    private static Map<String, String> fastBreakers() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String prefix : List.of("QUIVER_CLICKHOUSE_", "QUIVER_ELASTICSEARCH_")) {
            env.put(prefix + "BREAKER_WINDOW", "4");
            env.put(prefix + "BREAKER_MIN_CALLS", "2");
            env.put(prefix + "BREAKER_OPEN_WAIT", "2s");
            env.put(prefix + "BREAKER_HALF_OPEN_CALLS", "1");
        }
        return env;
    }

    private void closeSamplers() throws InterruptedException {
        if (!samplersClosed) {
            samplersClosed = true;
            sampler.close();
            elasticsearchSampler.close();
        }
    }

    @Override
    public void close() throws Exception {
        try {
            closeSamplers();
            if (producer != null) {
                producer.close();
            }
        } finally {
            run.close();
        }
    }
}
