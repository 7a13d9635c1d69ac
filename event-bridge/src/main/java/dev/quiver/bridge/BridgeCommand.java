package dev.quiver.bridge;

import dev.quiver.sinks.api.EventStreamContract;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import dev.quiver.settings.DeadLetterStreamNames;
import dev.quiver.settings.EventStreamNames;
import dev.quiver.settings.NatsOptions;
import dev.quiver.settings.StreamReplicasOption;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bridge}: every setting of the event bridge, each declared once (flag, type, default, environment
 * variable, description); {@link #call()} builds the {@link BridgeConfig} from them and runs the bridge until the
 * JVM is told to stop. The sinks' own settings are in {@link ClickHouseOptions} and {@link ElasticsearchOptions}.
 */
@Command(name = "bridge", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
        optionListHeading = "%nOptions:%n",
        description = {
                "Moves observer events from NATS JetStream into the sinks (ClickHouse, Elasticsearch): one durable pull"
                        + " consumer per sink, de-duplication through Redis, Arrow batches, acknowledgement only after"
                        + " the sink stored a batch, and a dead-letter stream for events that can never be stored.",
                "Durations: 250ms, 1.5s, 10m, 2h, 1d, bare seconds (30, 0.5) or ISO-8601 (PT30S)."},
        footer = {
                "",
                "Endpoints: GET /health (JSON: NATS, Redis and each sink; 503 when the bridge",
                "           cannot work), GET /metrics (Prometheus: quiver_bridge_* per sink)",
                "",
                "Example: feed only ClickHouse, in batches of 5,000, metrics on port 9100",
                "  java -jar quiver-event-bridge.jar --sinks clickhouse --batch-size 5000 \\",
                "      --http-port 9100"})
public class BridgeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    NatsOptions nats;

    @Mixin
    EventStreamNames events;

    @Mixin
    DeadLetterStreamNames deadLetters;

    @Mixin
    StreamReplicasOption replicas;

    /** {@link EventStreamContract#DUPLICATE_WINDOW}; {@code BridgeCommandTest} checks that they agree. */
    @Option(names = "--duplicate-window", defaultValue = "${env:QUIVER_DUPLICATE_WINDOW:-2m}", paramLabel = "DURATION",
            description = "Both streams drop a repeated " + EventStreamContract.MESSAGE_ID_HEADER
                    + " within this window (applied when a stream is created).")
    Duration duplicateWindow;

    @Option(names = "--sinks", defaultValue = "${env:QUIVER_BRIDGE_SINKS:-clickhouse,elasticsearch}", paramLabel = "LIST",
            description = "Sinks to feed, comma-separated; each gets its own consumer quiver-bridge-<sink>.")
    String sinks;

    @Option(names = "--batch-size", defaultValue = "${env:QUIVER_BRIDGE_BATCH_SIZE:-10000}", paramLabel = "N",
            description = "Write a batch once it holds N events ...")
    int batchSize;

    @Option(names = "--batch-bytes", defaultValue = "${env:QUIVER_BRIDGE_BATCH_BYTES:-8388608}", paramLabel = "BYTES",
            description = "... or once its messages hold this many bytes (payload and headers; at least 1024). A"
                    + " sink's pipeline holds at most two batches (one written, one fetched), so this bounds memory"
                    + " when events are large.")
    long batchBytes;

    @Option(names = "--batch-time", defaultValue = "${env:QUIVER_BRIDGE_BATCH_TIME:-500ms}", paramLabel = "DURATION",
            description = "... or once its first event waited this long.")
    Duration batchTime;

    @Option(names = "--max-ack-pending", defaultValue = "${env:QUIVER_BRIDGE_MAX_ACK_PENDING:-20000}", paramLabel = "N",
            description = "Most unacknowledged events out per sink, all instances together (bounds memory; at least"
                    + " --batch-size; 2 x --batch-size lets the next batch be fetched while the current one is written).")
    int maxAckPending;

    @Option(names = "--ack-wait", defaultValue = "${env:QUIVER_BRIDGE_ACK_WAIT:-60s}", paramLabel = "DURATION",
            description = "An unacknowledged event is redelivered after this; must outlast one sink write with its"
                    + " retries.")
    Duration ackWait;

    @Option(names = "--retry-backoff", defaultValue = "${env:QUIVER_BRIDGE_RETRY_BACKOFF:-500ms}", paramLabel = "DURATION",
            description = "First pause before a batch is written again after a retriable sink failure, doubling per"
                    + " failure ...")
    Duration retryBackoff;

    @Option(names = "--retry-backoff-max", defaultValue = "${env:QUIVER_BRIDGE_RETRY_BACKOFF_MAX:-30s}",
            paramLabel = "DURATION", description = "... up to this (at most half of --ack-wait).")
    Duration retryBackoffMax;

    @Option(names = "--max-event-bytes", defaultValue = "${env:QUIVER_BRIDGE_MAX_EVENT_BYTES:-1048576}", paramLabel = "N",
            description = "A message larger than this is poison: dead-lettered unread (256 .. 64 MiB).")
    int maxEventBytes;

    @Option(names = "--max-deliveries", defaultValue = "${env:QUIVER_BRIDGE_MAX_DELIVERIES:-10}", paramLabel = "N",
            description = "A message delivered more often than this is dead-lettered while its sink is up (at least 2;"
                    + " keep it above the bridge restarts expected during one sink outage).")
    int maxDeliveries;

    @Option(names = "--dedup", negatable = true, defaultValue = "${env:QUIVER_BRIDGE_DEDUP:-true}", fallbackValue = "true",
            description = "Skip events a sink already stored, remembered in Redis (--no-dedup: rely on the sinks'"
                    + " idempotence alone).")
    boolean dedup;

    @Option(names = "--redis-url", defaultValue = "${env:QUIVER_REDIS_URL:-redis://127.0.0.1:6379}", paramLabel = "URL",
            description = "Redis for de-duplication.")
    String redisUrl;

    @Option(names = "--dedup-window", defaultValue = "${env:QUIVER_BRIDGE_DEDUP_WINDOW:-10m}", paramLabel = "DURATION",
            description = "How long a stored event id is remembered per sink.")
    Duration dedupWindow;

    @Option(names = "--dedup-timeout", defaultValue = "${env:QUIVER_BRIDGE_DEDUP_TIMEOUT:-500ms}", paramLabel = "DURATION",
            description = "Redis slower than this: de-duplication is off for that batch (the sinks stay idempotent).")
    Duration dedupTimeout;

    @Option(names = "--dedup-retry", defaultValue = "${env:QUIVER_BRIDGE_DEDUP_RETRY:-2s}", paramLabel = "DURATION",
            description = "After a Redis failure, try it again after this long.")
    Duration dedupRetry;

    @Option(names = "--dedup-key-prefix", defaultValue = "${env:QUIVER_BRIDGE_DEDUP_KEY_PREFIX:-quiver:dedup}",
            paramLabel = "PREFIX", description = "Redis keys are PREFIX:<sink>:<event_id>.")
    String dedupKeyPrefix;

    @Option(names = "--http-host", defaultValue = "${env:QUIVER_BRIDGE_HTTP_HOST:-127.0.0.1}", paramLabel = "ADDR",
            description = "Address of the /health and /metrics endpoint (0.0.0.0 for all).")
    String httpHost;

    @Option(names = "--http-port", defaultValue = "${env:QUIVER_BRIDGE_HTTP_PORT:-8081}", paramLabel = "PORT",
            description = "Port of /health and /metrics (0 picks a free one).")
    int httpPort;

    @Option(names = "--lag-interval", defaultValue = "${env:QUIVER_BRIDGE_LAG_INTERVAL:-5s}", paramLabel = "DURATION",
            description = "How often consumer lag is read from the server for /metrics.")
    Duration lagInterval;

    @Option(names = "--shutdown-timeout", defaultValue = "${env:QUIVER_BRIDGE_SHUTDOWN_TIMEOUT:-30s}",
            paramLabel = "DURATION",
            description = "On stop, wait this long for the batches in hand to be written and acknowledged.")
    Duration shutdownTimeout;

    @Mixin
    ClickHouseOptions clickhouse;

    @Mixin
    ElasticsearchOptions elasticsearch;

    /**
     * The configuration the options describe.
     *
     * @throws IllegalArgumentException naming the flag whose value is not acceptable
     */
    public BridgeConfig config() {
        StreamNames streams = new StreamNames(events.stream(), events.subjectPrefix(), deadLetters.stream(), deadLetters.subjectPrefix(),
                duplicateWindow, replicas.replicas());
        PipelineConfig pipeline = new PipelineConfig(batchSize, batchTime, maxAckPending, ackWait, retryBackoff,
                retryBackoffMax, maxEventBytes, maxDeliveries, batchBytes);
        DedupConfig dedupConfig = new DedupConfig(dedup, redisUrl, dedupWindow, dedupTimeout, dedupRetry,
                dedupKeyPrefix);
        SinkSettings sinkSettings = new SinkSettings(clickhouse.sinkConfig(), clickhouse.resilience(),
                elasticsearch.sinkConfig(), elasticsearch.resilience());
        return new BridgeConfig(nats.url(), streams, list(sinks), pipeline, dedupConfig, httpHost, httpPort, lagInterval,
                shutdownTimeout, sinkSettings);
    }

    /**
     * Runs the bridge until the JVM stops (Ctrl-C, SIGTERM), then drains it.
     *
     * @return 1 if the bridge cannot start (NATS unreachable, port taken, a stream of another shape, ...)
     * @throws IllegalArgumentException for a setting out of range (usage error, exit 2)
     */
    @Override
    public Integer call() throws InterruptedException {
        BridgeConfig config = config();
        EventBridge bridge;
        try {
            bridge = EventBridge.start(config, SinkFactories.builtIn());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                throw (InterruptedException) e;
            }
            spec.commandLine().getErr().println(spec.name() + ": cannot start: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            bridge.close();
            stopped.countDown();
        }, "bridge-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.println("Quiver event bridge: " + config.streams().events() + " -> " + config.sinks()
                + "; health at http://" + config.httpHost() + ":" + bridge.httpPort() + "/health, metrics at /metrics."
                + " Ctrl-C drains and stops it.");
        out.flush();
        stopped.await();
        return 0;
    }

    private static List<String> list(String text) {
        List<String> items = new ArrayList<>();
        for (String item : text.split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return items;
    }
}
