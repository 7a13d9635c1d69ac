package dev.quiver.bridge;

import dev.quiver.settings.ClickHouseTableOptions;
import dev.quiver.sinks.clickhouse.ClickHouseSinkConfig;
import dev.quiver.sinks.resilience.ResilienceConfig;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The bridge's settings of its {@code clickhouse} sink, a mixin of {@link BridgeCommand}. They are the only
 * source of the sink's configuration: the sink reads no environment variable of its own. The insert format stays
 * at {@link ClickHouseSinkConfig}'s default (RowBinary). The sink makes one call per write
 * ({@link ResilienceConfig#withoutRetry()}): the pipeline is the bridge's one retry layer.
 */
public final class ClickHouseOptions {

    @Mixin
    ClickHouseTableOptions table;

    @Option(names = "--clickhouse-connect-timeout", defaultValue = "${env:QUIVER_CLICKHOUSE_CONNECT_TIMEOUT:-5s}",
            paramLabel = "DURATION", description = "ClickHouse TCP connect timeout.")
    Duration connectTimeout;

    @Option(names = "--clickhouse-socket-timeout", defaultValue = "${env:QUIVER_CLICKHOUSE_SOCKET_TIMEOUT:-30s}",
            paramLabel = "DURATION", description = "Longest wait for ClickHouse's answer to a request.")
    Duration socketTimeout;

    @Option(names = "--clickhouse-breaker-failure-rate",
            defaultValue = "${env:QUIVER_CLICKHOUSE_BREAKER_FAILURE_RATE:-50}", paramLabel = "PERCENT",
            description = "Failed ClickHouse calls, in percent of the last --clickhouse-breaker-window, that open"
                    + " the circuit breaker (writes then fail at once).")
    float breakerFailureRate;

    @Option(names = "--clickhouse-breaker-window", defaultValue = "${env:QUIVER_CLICKHOUSE_BREAKER_WINDOW:-10}",
            paramLabel = "N", description = "ClickHouse calls the failure rate is computed over.")
    int breakerWindow;

    @Option(names = "--clickhouse-breaker-min-calls", defaultValue = "${env:QUIVER_CLICKHOUSE_BREAKER_MIN_CALLS:-5}",
            paramLabel = "N", description = "ClickHouse calls needed before the breaker may open.")
    int breakerMinCalls;

    @Option(names = "--clickhouse-breaker-open-wait", defaultValue = "${env:QUIVER_CLICKHOUSE_BREAKER_OPEN_WAIT:-30s}",
            paramLabel = "DURATION", description = "How long the ClickHouse breaker stays open before a trial call.")
    Duration breakerOpenWait;

    @Option(names = "--clickhouse-breaker-half-open-calls",
            defaultValue = "${env:QUIVER_CLICKHOUSE_BREAKER_HALF_OPEN_CALLS:-2}", paramLabel = "N",
            description = "Trial calls that decide whether the ClickHouse breaker closes again.")
    int breakerHalfOpenCalls;

    /** @throws IllegalArgumentException naming the flag */
    ClickHouseSinkConfig sinkConfig() {
        try {
            return new ClickHouseSinkConfig(SinkOptions.uri("--clickhouse-url", table.url()), table.user(),
                    table.password(), table.database(), table.table(),
                    connectTimeout, socketTimeout, ClickHouseSinkConfig.defaults().insertFormat());
        } catch (IllegalArgumentException e) {
            throw SinkOptions.naming("--clickhouse-*", e);
        }
    }

    /** @throws IllegalArgumentException naming the flags */
    ResilienceConfig resilience() {
        ResilienceConfig defaults = ResilienceConfig.defaults().withoutRetry();
        try {
            // one call per write: the pipeline is the bridge's one retry layer (--retry-backoff), the sink only
            // classifies failures and its breaker sheds calls while the destination fails
            return new ResilienceConfig(defaults.maxAttempts(), defaults.initialBackoff(), defaults.multiplier(),
                    defaults.jitter(), defaults.maxBackoff(), breakerFailureRate, breakerWindow, breakerMinCalls, breakerOpenWait,
                    breakerHalfOpenCalls);
        } catch (IllegalArgumentException e) {
            throw SinkOptions.naming("--clickhouse-breaker-*", e);
        }
    }
}
