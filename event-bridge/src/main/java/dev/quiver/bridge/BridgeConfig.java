package dev.quiver.bridge;

import dev.quiver.settings.DurationText;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How the bridge runs. Built by {@link BridgeCommand}, which declares every setting (flag, environment variable,
 * default and documentation); validated here, each error naming its flag.
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
 * @param sinkSettings    how the built-in sinks write
 */
public record BridgeConfig(String natsUrl, StreamNames streams, List<String> sinks, PipelineConfig pipeline,
                           DedupConfig dedup, String httpHost, int httpPort, Duration lagInterval,
                           Duration shutdownTimeout, SinkSettings sinkSettings) {
    private static final Pattern SINK_NAME = Pattern.compile("[a-z0-9_-]{1,32}");

    public BridgeConfig {
        if (natsUrl == null || natsUrl.isBlank()) {
            throw new IllegalArgumentException("--nats-url must name a server, e.g. nats://127.0.0.1:4222");
        }
        Objects.requireNonNull(streams, "streams");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(dedup, "dedup");
        Objects.requireNonNull(sinkSettings, "sinkSettings");
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
            throw new IllegalArgumentException("--retry-backoff-max (" + DurationText.format(pipeline.retryBackoffMax())
                    + ") must be at most half of --ack-wait (" + DurationText.format(pipeline.ackWait())
                    + "), or a held batch is redelivered while it waits");
        }
    }
}
