package dev.quiver.bridge;

import dev.quiver.bridge.internal.Durations;
import dev.quiver.bridge.internal.Flags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * How the bridge runs. Every setting is a flag, else an environment variable, else a default; all are
 * declared, with their documentation, in {@link BridgeOption}.
 *
 * @param natsUrl         {@code --nats-url}
 * @param streams         stream and subject names, {@code --events-stream} etc.
 * @param sinks           {@code --sinks}: the sinks to feed, each with its own pipeline and consumer
 * @param pipeline        batching, acknowledgement and retry settings
 * @param dedup           de-duplication settings
 * @param httpHost        {@code --http-host}
 * @param httpPort        {@code --http-port} (0: any free port)
 * @param lagInterval     {@code --lag-interval}
 * @param shutdownTimeout {@code --shutdown-timeout}
 * @param endpoints       where the built-in sinks write
 */
public record BridgeConfig(String natsUrl, StreamNames streams, List<String> sinks, PipelineConfig pipeline,
                           DedupConfig dedup, String httpHost, int httpPort, Duration lagInterval,
                           Duration shutdownTimeout, SinkEndpoints endpoints) {
    private static final Pattern SINK_NAME = Pattern.compile("[a-z0-9_-]{1,32}");

    public BridgeConfig {
        if (natsUrl == null || natsUrl.isBlank()) {
            throw new IllegalArgumentException("--nats-url must name a server, e.g. nats://127.0.0.1:4222");
        }
        Objects.requireNonNull(streams, "streams");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(dedup, "dedup");
        Objects.requireNonNull(endpoints, "endpoints");
        sinks = List.copyOf(sinks);
        if (sinks.isEmpty()) {
            throw new IllegalArgumentException("--sinks must name at least one sink, e.g. clickhouse,elasticsearch");
        }
        if (new HashSet<>(sinks).size() != sinks.size()) {
            throw new IllegalArgumentException("--sinks names a sink twice: " + sinks);
        }
        for (String sink : sinks) {
            if (!SINK_NAME.matcher(sink).matches()) {
                throw new IllegalArgumentException("--sinks: '" + sink + "' is not a sink name (a-z, 0-9, - and _)");
            }
        }
        if (httpHost == null || httpHost.isBlank()) {
            throw new IllegalArgumentException("--http-host must be an address, e.g. 127.0.0.1 or 0.0.0.0");
        }
        if (httpPort < 0 || httpPort > 65_535) {
            throw new IllegalArgumentException("--http-port must be 0..65535, got " + httpPort);
        }
        if (lagInterval == null || lagInterval.toMillis() < 100) {
            throw new IllegalArgumentException("--lag-interval must be at least 100ms, got " + lagInterval);
        }
        if (shutdownTimeout == null || shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("--shutdown-timeout must not be negative, got " + shutdownTimeout);
        }
        if (pipeline.retryBackoffMax().compareTo(pipeline.ackWait().dividedBy(2)) > 0) {
            throw new IllegalArgumentException("--retry-backoff-max (" + Durations.format(pipeline.retryBackoffMax())
                    + ") must be at most half of --ack-wait (" + Durations.format(pipeline.ackWait())
                    + "), or a held batch is redelivered while it waits");
        }
    }

    /** Every setting at its default. */
    public static BridgeConfig defaults() {
        return parse(new String[0], name -> null);
    }

    /**
     * Reads flags, then the environment, then defaults.
     *
     * @throws IllegalArgumentException for an unknown flag or a bad value; the message names the flag
     */
    public static BridgeConfig parse(String[] args, Function<String, String> env) {
        Map<String, String> flags = Flags.parse(args, BridgeOption.flags());
        Function<BridgeOption, String> value = option -> {
            String text = flags.get(option.flag());
            if (text == null) {
                text = env.apply(option.env());
            }
            return text == null ? option.defaultValue() : text.trim();
        };
        StreamNames streams = new StreamNames(
                value.apply(BridgeOption.EVENTS_STREAM),
                value.apply(BridgeOption.EVENTS_SUBJECT_PREFIX),
                value.apply(BridgeOption.DLQ_STREAM),
                value.apply(BridgeOption.DLQ_SUBJECT_PREFIX),
                duration(value, BridgeOption.DUPLICATE_WINDOW));
        PipelineConfig pipeline = new PipelineConfig(
                integer(value, BridgeOption.BATCH_SIZE),
                duration(value, BridgeOption.BATCH_TIME),
                integer(value, BridgeOption.MAX_ACK_PENDING),
                duration(value, BridgeOption.ACK_WAIT),
                duration(value, BridgeOption.RETRY_BACKOFF),
                duration(value, BridgeOption.RETRY_BACKOFF_MAX),
                integer(value, BridgeOption.MAX_EVENT_BYTES),
                integer(value, BridgeOption.MAX_DELIVERIES));
        DedupConfig dedup = new DedupConfig(
                onOff(value, BridgeOption.DEDUP),
                value.apply(BridgeOption.REDIS_URL),
                duration(value, BridgeOption.DEDUP_WINDOW),
                duration(value, BridgeOption.DEDUP_TIMEOUT),
                duration(value, BridgeOption.DEDUP_RETRY),
                value.apply(BridgeOption.DEDUP_KEY_PREFIX));
        SinkEndpoints endpoints = new SinkEndpoints(
                value.apply(BridgeOption.CLICKHOUSE_URL),
                value.apply(BridgeOption.CLICKHOUSE_USER),
                value.apply(BridgeOption.CLICKHOUSE_PASSWORD),
                value.apply(BridgeOption.CLICKHOUSE_DATABASE),
                value.apply(BridgeOption.CLICKHOUSE_TABLE),
                value.apply(BridgeOption.ELASTICSEARCH_URL),
                value.apply(BridgeOption.ELASTICSEARCH_INDEX));
        return new BridgeConfig(
                value.apply(BridgeOption.NATS_URL),
                streams,
                list(value.apply(BridgeOption.SINKS)),
                pipeline,
                dedup,
                value.apply(BridgeOption.HTTP_HOST),
                integer(value, BridgeOption.HTTP_PORT),
                duration(value, BridgeOption.LAG_INTERVAL),
                duration(value, BridgeOption.SHUTDOWN_TIMEOUT),
                endpoints);
    }

    private static int integer(Function<BridgeOption, String> value, BridgeOption option) {
        String text = value.apply(option);
        try {
            return Integer.parseInt(text.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + option.flag() + " must be a whole number, got '" + text + "'");
        }
    }

    private static Duration duration(Function<BridgeOption, String> value, BridgeOption option) {
        return Durations.parse(option.flag(), value.apply(option));
    }

    private static boolean onOff(Function<BridgeOption, String> value, BridgeOption option) {
        String text = value.apply(option).toLowerCase(Locale.ROOT);
        switch (text) {
            case "on":
            case "true":
                return true;
            case "off":
            case "false":
                return false;
            default:
                throw new IllegalArgumentException("--" + option.flag() + " must be on or off, got '" + text + "'");
        }
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
