package dev.quiver.bridge;

import dev.quiver.bridge.internal.Durations;
import dev.quiver.sinks.api.EventStreamContract;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every setting of the bridge, declared once: its flag, its environment variable, its default and what it
 * does. {@link BridgeConfig#parse} reads them (flag, else variable, else default) and {@link #help()} prints them.
 */
public enum BridgeOption {
    NATS_URL("nats-url", "QUIVER_NATS_URL", "nats://127.0.0.1:4222", "URL",
            "NATS server(s) with JetStream, comma-separated"),
    EVENTS_STREAM("events-stream", "QUIVER_BRIDGE_EVENTS_STREAM", EventStreamContract.EVENTS_STREAM, "NAME",
            "stream of observer events (created if missing)"),
    EVENTS_SUBJECT_PREFIX("events-subject-prefix", "QUIVER_BRIDGE_EVENTS_SUBJECT_PREFIX",
            EventStreamContract.EVENTS_SUBJECT_PREFIX, "PREFIX",
            "event subjects are PREFIX.<entity_type>.<event_type>"),
    DLQ_STREAM("dlq-stream", "QUIVER_BRIDGE_DLQ_STREAM", EventStreamContract.DLQ_STREAM, "NAME",
            "stream of dead letters (created if missing)"),
    DLQ_SUBJECT_PREFIX("dlq-subject-prefix", "QUIVER_BRIDGE_DLQ_SUBJECT_PREFIX",
            EventStreamContract.DLQ_SUBJECT_PREFIX, "PREFIX",
            "dead letters of a sink go to PREFIX.<sink>"),
    DUPLICATE_WINDOW("duplicate-window", "QUIVER_BRIDGE_DUPLICATE_WINDOW",
            Durations.format(EventStreamContract.DUPLICATE_WINDOW), "DURATION",
            "both streams drop a repeated " + EventStreamContract.MESSAGE_ID_HEADER + " within this window"),
    SINKS("sinks", "QUIVER_BRIDGE_SINKS", "clickhouse,elasticsearch", "LIST",
            "sinks to feed, comma-separated; each gets its own consumer quiver-bridge-<sink>"),
    BATCH_SIZE("batch-size", "QUIVER_BRIDGE_BATCH_SIZE", "10000", "N",
            "write a batch once it holds N events ..."),
    BATCH_TIME("batch-time", "QUIVER_BRIDGE_BATCH_TIME", "500ms", "DURATION",
            "... or once its first event waited this long"),
    MAX_ACK_PENDING("max-ack-pending", "QUIVER_BRIDGE_MAX_ACK_PENDING", "20000", "N",
            "most unacknowledged events out per sink, all instances together (bounds memory; >= --batch-size;"
                    + " 2 x --batch-size lets the next batch be fetched while the current one is written)"),
    ACK_WAIT("ack-wait", "QUIVER_BRIDGE_ACK_WAIT", "60s", "DURATION",
            "an unacknowledged event is redelivered after this; must outlast one sink write with its retries"),
    RETRY_BACKOFF("retry-backoff", "QUIVER_BRIDGE_RETRY_BACKOFF", "500ms", "DURATION",
            "first pause after a retriable sink failure, doubling per failure ..."),
    RETRY_BACKOFF_MAX("retry-backoff-max", "QUIVER_BRIDGE_RETRY_BACKOFF_MAX", "30s", "DURATION",
            "... up to this (at most half of --ack-wait)"),
    MAX_EVENT_BYTES("max-event-bytes", "QUIVER_BRIDGE_MAX_EVENT_BYTES", "1048576", "N",
            "a message larger than this is poison: dead-lettered unread (256 .. 64 MiB)"),
    MAX_DELIVERIES("max-deliveries", "QUIVER_BRIDGE_MAX_DELIVERIES", "10", "N",
            "a message delivered more often than this is dead-lettered while its sink is up (>= 2; keep it above"
                    + " the bridge restarts expected during one sink outage)"),
    DEDUP("dedup", "QUIVER_BRIDGE_DEDUP", "on", "on|off",
            "skip events a sink already stored, remembered in Redis (off: rely on the sinks' idempotence)"),
    REDIS_URL("redis-url", "QUIVER_REDIS_URL", "redis://127.0.0.1:6379", "URL",
            "Redis for de-duplication"),
    DEDUP_WINDOW("dedup-window", "QUIVER_BRIDGE_DEDUP_WINDOW", "10m", "DURATION",
            "how long a stored event id is remembered per sink"),
    DEDUP_TIMEOUT("dedup-timeout", "QUIVER_BRIDGE_DEDUP_TIMEOUT", "500ms", "DURATION",
            "Redis slower than this: de-duplication is off for that batch (sinks stay idempotent)"),
    DEDUP_RETRY("dedup-retry", "QUIVER_BRIDGE_DEDUP_RETRY", "2s", "DURATION",
            "after a Redis failure, try again after this long"),
    DEDUP_KEY_PREFIX("dedup-key-prefix", "QUIVER_BRIDGE_DEDUP_KEY_PREFIX", "quiver:dedup", "PREFIX",
            "Redis keys are PREFIX:<sink>:<event_id>"),
    HTTP_HOST("http-host", "QUIVER_BRIDGE_HTTP_HOST", "127.0.0.1", "ADDR",
            "address of the /health and /metrics endpoint (0.0.0.0 for all)"),
    HTTP_PORT("http-port", "QUIVER_BRIDGE_HTTP_PORT", "8081", "N",
            "port of /health and /metrics (0 picks a free one)"),
    LAG_INTERVAL("lag-interval", "QUIVER_BRIDGE_LAG_INTERVAL", "5s", "DURATION",
            "how often consumer lag is read from the server for /metrics"),
    SHUTDOWN_TIMEOUT("shutdown-timeout", "QUIVER_BRIDGE_SHUTDOWN_TIMEOUT", "30s", "DURATION",
            "on stop, wait this long for the batches in hand to be written and acknowledged"),
    CLICKHOUSE_URL("clickhouse-url", "QUIVER_CLICKHOUSE_URL", "http://127.0.0.1:8123", "URL",
            "ClickHouse HTTP interface (sink clickhouse)"),
    CLICKHOUSE_USER("clickhouse-user", "QUIVER_CLICKHOUSE_USER", "default", "NAME", "ClickHouse user"),
    CLICKHOUSE_PASSWORD("clickhouse-password", "QUIVER_CLICKHOUSE_PASSWORD", "", "SECRET", "ClickHouse password"),
    CLICKHOUSE_DATABASE("clickhouse-database", "QUIVER_CLICKHOUSE_DATABASE", "quiver", "NAME", "ClickHouse database"),
    CLICKHOUSE_TABLE("clickhouse-table", "QUIVER_CLICKHOUSE_TABLE", "events", "NAME", "ClickHouse table"),
    ELASTICSEARCH_URL("elasticsearch-url", "QUIVER_ELASTICSEARCH_URL", "http://127.0.0.1:9200", "URL",
            "Elasticsearch (sink elasticsearch)"),
    ELASTICSEARCH_INDEX("elasticsearch-index", "QUIVER_ELASTICSEARCH_INDEX_PREFIX", "quiver-events", "PREFIX",
            "events go to the monthly index PREFIX-YYYY.MM (from an index template the sink installs)");

    private final String flag;
    private final String env;
    private final String defaultValue;
    private final String valueName;
    private final String help;

    BridgeOption(String flag, String env, String defaultValue, String valueName, String help) {
        this.flag = flag;
        this.env = env;
        this.defaultValue = defaultValue;
        this.valueName = valueName;
        this.help = help;
    }

    /** The flag without dashes, e.g. {@code batch-size}. */
    public String flag() {
        return flag;
    }

    /** The environment variable read when the flag is absent. */
    public String env() {
        return env;
    }

    public String defaultValue() {
        return defaultValue;
    }

    /** Every flag name. */
    public static Set<String> flags() {
        return Arrays.stream(values()).map(BridgeOption::flag).collect(Collectors.toUnmodifiableSet());
    }

    /** The {@code --help} text. */
    public static String help() {
        StringBuilder text = new StringBuilder(String.join("\n",
                "Usage: java -jar quiver-event-bridge.jar [options]",
                "",
                "Moves observer events from NATS JetStream into the sinks (ClickHouse, Elasticsearch): one durable",
                "pull consumer per sink, de-duplication through Redis, Arrow batches, acknowledgement only after the",
                "sink stored a batch, and a dead-letter stream for events that can never be stored.",
                "",
                "Options (each also read from the environment variable in brackets):",
                ""));
        for (BridgeOption option : values()) {
            String left = "  --" + option.flag + " " + option.valueName;
            text.append(left).append(" ".repeat(Math.max(1, 34 - left.length()))).append(option.help)
                    .append("\n").append(" ".repeat(34)).append('[').append(option.env).append("] (default ")
                    .append(option.defaultValue.isEmpty() ? "empty" : option.defaultValue).append(")\n");
        }
        text.append(String.join("\n",
                "  --help                          this text",
                "",
                "Durations are written 250ms, 1s, 10m, 2h or 1d.",
                "",
                "Endpoints: GET /health (JSON: NATS, Redis and each sink; 503 when the bridge cannot work)",
                "           GET /metrics (Prometheus: quiver_bridge_* per sink)",
                "",
                "Example: feed only ClickHouse, in batches of 5,000, metrics on port 9100",
                "  java -jar quiver-event-bridge.jar --sinks clickhouse --batch-size 5000 --http-port 9100"));
        return text.toString();
    }
}
