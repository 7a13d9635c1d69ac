package dev.quiver.flight.metrics;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's meters, in one Prometheus registry scraped at {@code GET /metrics}. Besides the JVM's (memory,
 * GC, threads, class loading, CPU, uptime) it has, per {@code transport} ({@code flight}, {@code http}):
 * <ul>
 *   <li>{@code quiver_requests_total{transport,outcome}}: query requests by how they ended ({@link Outcome})</li>
 *   <li>{@code quiver_request_duration_seconds{transport,outcome}}: their duration, a histogram with buckets
 *       from 5 ms to 5 min</li>
 *   <li>{@code quiver_rows_streamed_total{transport}}, {@code quiver_batches_streamed_total{transport}}: what was
 *       sent to clients</li>
 *   <li>{@code quiver_streams_in_flight{transport}}: requests being answered right now</li>
 * </ul>
 * A request is a query that reached DoGet or {@code /graphql}; GetFlightInfo, actions and listings are not counted.
 */
public final class QuiverMetrics implements AutoCloseable {
    public static final String REQUESTS = "quiver.requests";
    public static final String REQUEST_DURATION = "quiver.request.duration";
    public static final String ROWS_STREAMED = "quiver.rows.streamed";
    public static final String BATCHES_STREAMED = "quiver.batches.streamed";
    public static final String STREAMS_IN_FLIGHT = "quiver.streams.in.flight";

    private static final Duration[] DURATION_BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2_500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
        Duration.ofSeconds(60), Duration.ofMinutes(5)};

    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gc;
    private final Map<Transport, AtomicInteger> inFlight = new EnumMap<>(Transport.class);
    private final Map<Transport, Counter> rows = new EnumMap<>(Transport.class);
    private final Map<Transport, Counter> batches = new EnumMap<>(Transport.class);

    /** Meters on the system clock, with the JVM's bound. */
    public static QuiverMetrics create() {
        return new QuiverMetrics(Clock.SYSTEM);
    }

    /** Meters on {@code clock} (tests pass a {@code MockClock}). */
    public QuiverMetrics(Clock clock) {
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, new PrometheusRegistry(), clock);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        this.gc = new JvmGcMetrics();
        gc.bindTo(registry);
        for (Transport transport : Transport.values()) {
            AtomicInteger streams = new AtomicInteger();
            inFlight.put(transport, streams);
            Gauge.builder(STREAMS_IN_FLIGHT, streams, AtomicInteger::get).tag("transport", transport.tag())
                    .description("query requests being answered right now").register(registry);
            rows.put(transport, Counter.builder(ROWS_STREAMED).tag("transport", transport.tag())
                    .description("rows sent to clients").register(registry));
            batches.put(transport, Counter.builder(BATCHES_STREAMED).tag("transport", transport.tag())
                    .description("record batches sent to clients").register(registry));
            requests(transport, Outcome.OK);
        }
    }

    /** Starts measuring one query request. */
    public RequestObservation begin(Transport transport) {
        inFlight.get(transport).incrementAndGet();
        return new RequestObservation(this, transport, Timer.start(registry));
    }

    /** The registry, for components that add meters of their own. */
    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition (format 0.0.4) of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    /** Writes {@link #scrape()} to {@code out}. */
    public void scrape(OutputStream out) throws IOException {
        registry.scrape(out);
    }

    void streamed(Transport transport, int rowCount) {
        rows.get(transport).increment(rowCount);
        batches.get(transport).increment();
    }

    void finished(Transport transport, Outcome outcome, Timer.Sample started) {
        inFlight.get(transport).decrementAndGet();
        started.stop(Timer.builder(REQUEST_DURATION).tag("transport", transport.tag()).tag("outcome", outcome.tag())
                .description("time from request to its last byte (or failure)")
                .serviceLevelObjectives(DURATION_BUCKETS).register(registry));
        requests(transport, outcome).increment();
    }

    private Counter requests(Transport transport, Outcome outcome) {
        return Counter.builder(REQUESTS).tag("transport", transport.tag()).tag("outcome", outcome.tag())
                .description("query requests by transport and outcome").register(registry);
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
