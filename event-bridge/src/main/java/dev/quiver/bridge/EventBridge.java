package dev.quiver.bridge;

import dev.quiver.bridge.internal.ConsumerLagPoller;
import dev.quiver.bridge.internal.HttpEndpoints;
import dev.quiver.bridge.internal.JetStreamDeadLetterPublisher;
import dev.quiver.bridge.internal.JetStreamEventSource;
import dev.quiver.bridge.internal.RedisDedupStore;
import dev.quiver.sinks.api.Sink;
import dev.quiver.sinks.resilience.ResilientSink;
import dev.quiver.sinks.api.SinkHealth;
import io.lettuce.core.RedisClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event bridge service: one NATS connection, the streams, one {@link SinkPipeline} per sink, Redis
 * de-duplication, consumer-lag polling and the {@code /health} + {@code /metrics} endpoint.
 *
 * <p>Several instances may run against the same streams: they share each sink's durable consumer, so the
 * server spreads the events between them and every event is still stored once per sink.
 *
 * <p>{@link #close()} drains: every pipeline stops fetching, writes and acknowledges the batch in hand, then
 * everything is closed in reverse order of creation.
 */
public final class EventBridge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventBridge.class);
    private static final Duration DEAD_LETTER_TIMEOUT = Duration.ofSeconds(30);

    private final BridgeConfig config;
    private final Connection nats;
    private final PrometheusMeterRegistry registry;
    private final Map<String, SinkPipeline> pipelines;
    private final DedupStore redisProbe;
    private final Deque<AutoCloseable> resources;
    private volatile HttpEndpoints http;
    private volatile boolean closed;

    private EventBridge(BridgeConfig config, Connection nats, PrometheusMeterRegistry registry,
                        Map<String, SinkPipeline> pipelines, DedupStore redisProbe, Deque<AutoCloseable> resources) {
        this.config = config;
        this.nats = nats;
        this.registry = registry;
        this.pipelines = pipelines;
        this.redisProbe = redisProbe;
        this.resources = resources;
    }

    /**
     * Connects, makes sure the streams and consumers exist, and starts one pipeline per sink.
     *
     * @throws IOException           if NATS cannot be reached or the HTTP port cannot be bound
     * @throws JetStreamApiException if the server refuses a stream
     * @throws IllegalStateException if a stream or consumer exists in an incompatible shape, or a sink cannot
     *                               be created (the message says which and what to do)
     */
    public static EventBridge start(BridgeConfig config, SinkFactories sinks)
            throws IOException, InterruptedException, JetStreamApiException {
        Deque<AutoCloseable> resources = new ArrayDeque<>();
        try {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            resources.push(registry::close);
            new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(registry);
            new io.micrometer.core.instrument.binder.jvm.JvmGcMetrics().bindTo(registry);
            new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(registry);
            new io.micrometer.core.instrument.binder.system.ProcessorMetrics().bindTo(registry);
            BufferAllocator allocator = new RootAllocator();
            resources.push(allocator);
            Connection nats = Nats.connect(new Options.Builder()
                    .servers(config.natsUrl().split(","))
                    .connectionName("quiver-event-bridge")
                    .connectionTimeout(Duration.ofSeconds(5))
                    .maxReconnects(-1)
                    .reconnectWait(Duration.ofSeconds(1))
                    .connectionListener((connection, event) -> LOG.info("NATS: {}", event))
                    .build());
            resources.push(nats);
            JetStreamManagement jsm = nats.jetStreamManagement();
            EventStreams.ensureStreams(jsm, config.streams());

            RedisClient redis = null;
            DedupStore redisProbe = null;
            if (config.dedup().enabled()) {
                redis = RedisDedupStore.client(config.dedup().redisUrl(), config.dedup().timeout());
                resources.push(redis::shutdown);
                redisProbe = new RedisDedupStore(redis, config.dedup().keyPrefix(), config.dedup().timeout());
                resources.push(redisProbe);
            }

            Map<String, SinkPipeline> pipelines = new LinkedHashMap<>();
            Map<String, BridgeMetrics> metrics = new LinkedHashMap<>();
            for (String name : config.sinks()) {
                SinkPipeline pipeline = pipeline(config, sinks, name, nats, jsm, redis, registry, allocator, resources);
                pipelines.put(name, pipeline);
                metrics.put(name, pipeline.metrics());
            }
            resources.push(new ConsumerLagPoller(jsm, config.streams().events(), metrics, config.lagInterval()));

            EventBridge bridge = new EventBridge(config, nats, registry, Collections.unmodifiableMap(pipelines),
                    redisProbe, resources);
            bridge.http = HttpEndpoints.start(config.httpHost(), config.httpPort(), bridge::health, registry);
            resources.push(bridge.http);
            pipelines.values().forEach(SinkPipeline::start);
            LOG.info("event bridge started: {} -> {}; /health and /metrics on port {}", config.streams().events(),
                    config.sinks(), bridge.http.port());
            return bridge;
        } catch (IOException | InterruptedException | JetStreamApiException | RuntimeException e) {
            closeAll(resources);
            throw e;
        }
    }

    private static SinkPipeline pipeline(BridgeConfig config, SinkFactories sinks, String name, Connection nats,
                                         JetStreamManagement jsm, RedisClient redis, PrometheusMeterRegistry registry,
                                         BufferAllocator allocator, Deque<AutoCloseable> resources)
            throws IOException, JetStreamApiException {
        Sink sink = sinks.create(name, config);
        EventSource source;
        try {
            EventStreams.ensureConsumer(jsm, config.streams(), name, config.pipeline());
            source = JetStreamEventSource.bind(nats, config.streams(), name);
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            sink.close();
            throw e;
        }
        BridgeMetrics metrics = new BridgeMetrics(registry, name);
        if (sink instanceof ResilientSink resilient) {
            BreakerMetrics.bind(registry, name, resilient);
        }
        DedupStore store = null;
        if (redis != null) {
            store = new RedisDedupStore(redis, config.dedup().keyPrefix(), config.dedup().timeout());
            resources.push(store);
            if (!store.ping()) { // connects now rather than on the first batch; a failure here is only logged
                LOG.warn("Redis at {} does not answer yet; de-duplication for sink {} starts once it does",
                        config.dedup().redisUrl(), name);
            }
        }
        Deduplicator dedup = new Deduplicator(store, name, config.dedup().window(), config.dedup().retryAfter(),
                Time.SYSTEM, metrics);
        DeadLetterPublisher deadLetters = new JetStreamDeadLetterPublisher(nats.jetStream(), config.streams(),
                DEAD_LETTER_TIMEOUT);
        SinkPipeline pipeline = new SinkPipeline(name, sink, source, deadLetters, dedup, config.pipeline(), metrics,
                Time.SYSTEM, allocator);
        resources.push(pipeline);
        return pipeline;
    }

    /** The configuration it runs with. */
    public BridgeConfig config() {
        return config;
    }

    /** The pipelines by sink name. */
    public Map<String, SinkPipeline> pipelines() {
        return pipelines;
    }

    /** The meters, as served on {@code /metrics}. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The port {@code /health} and {@code /metrics} listen on. */
    public int httpPort() {
        return http.port();
    }

    /** The health report served on {@code /health}. */
    public BridgeHealth health() {
        boolean natsUp = nats.getStatus() == Connection.Status.CONNECTED;
        BridgeHealth.Component natsHealth = new BridgeHealth.Component(natsUp, nats.getStatus().name());
        BridgeHealth.Component redisHealth;
        if (redisProbe == null) {
            redisHealth = new BridgeHealth.Component(true, "de-duplication off");
        } else {
            boolean up = redisProbe.ping();
            redisHealth = new BridgeHealth.Component(up, up ? "PONG" : "no answer from " + config.dedup().redisUrl());
        }
        Map<String, BridgeHealth.SinkStatus> sinks = new LinkedHashMap<>();
        boolean failed = false;
        boolean degraded = !redisHealth.up();
        for (SinkPipeline pipeline : pipelines.values()) {
            SinkHealth sinkHealth = pipeline.sink().health();
            PipelineState state = pipeline.state();
            failed |= state == PipelineState.FAILED || (state == PipelineState.STOPPED && !closed);
            degraded |= !sinkHealth.up() || state != PipelineState.RUNNING;
            sinks.put(pipeline.sinkName(), new BridgeHealth.SinkStatus(sinkHealth.up(), sinkHealth.detail(), state,
                    pipeline.deduplicator().isActive(), pipeline.metrics().inFlight(), pipeline.lastError()));
        }
        String status = !natsUp || failed ? "DOWN" : degraded ? "DEGRADED" : "UP";
        return new BridgeHealth(status, natsHealth, redisHealth, sinks);
    }

    /** Drains every pipeline (bounded by {@code --shutdown-timeout}), then closes everything in reverse order. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("event bridge stopping: draining {}", pipelines.keySet());
        pipelines.values().forEach(SinkPipeline::stop);
        long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
        for (SinkPipeline pipeline : pipelines.values()) {
            try {
                Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
                if (!pipeline.awaitStopped(left)) {
                    LOG.warn("pipeline {} still busy after --shutdown-timeout; its unacknowledged events will be"
                            + " redelivered", pipeline.sinkName());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        closeAll(resources);
        LOG.info("event bridge stopped");
    }

    private static void closeAll(Deque<AutoCloseable> resources) {
        List<Exception> failures = new ArrayList<>();
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                failures.add(e);
            }
        }
        failures.forEach(e -> LOG.warn("closing failed: {}", e.toString()));
    }
}
