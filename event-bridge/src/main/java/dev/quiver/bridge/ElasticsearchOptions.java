package dev.quiver.bridge;

import dev.quiver.sinks.elasticsearch.ElasticsearchSinkConfig;
import dev.quiver.sinks.resilience.ResilienceConfig;
import java.time.Duration;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Option;

/**
 * The bridge's settings of its {@code elasticsearch} sink, a mixin of {@link BridgeCommand}. They are the only
 * source of the sink's configuration: the sink reads no environment variable of its own. The sink makes one call per
 * write ({@link ResilienceConfig#withoutRetry()}): the pipeline is the bridge's one retry layer.
 */
public final class ElasticsearchOptions {

    @Option(names = "--elasticsearch-url", defaultValue = "${env:QUIVER_ELASTICSEARCH_URL:-http://127.0.0.1:9200}",
            paramLabel = "URL", description = "Elasticsearch REST endpoint (sink elasticsearch).")
    String url;

    @Option(names = "--elasticsearch-user", defaultValue = "${env:QUIVER_ELASTICSEARCH_USER:-}", paramLabel = "NAME",
            description = "Elasticsearch user for HTTP basic authentication (empty: none).")
    String user;

    @Option(names = "--elasticsearch-password", defaultValue = "${env:QUIVER_ELASTICSEARCH_PASSWORD:-}",
            paramLabel = "SECRET", showDefaultValue = Visibility.NEVER,
            description = "Password of the Elasticsearch user.")
    String password;

    @Option(names = "--elasticsearch-index-prefix",
            defaultValue = "${env:QUIVER_ELASTICSEARCH_INDEX_PREFIX:-quiver-events}", paramLabel = "PREFIX",
            description = "Events go to the monthly index PREFIX-YYYY.MM (from an index template the sink installs).")
    String indexPrefix;

    @Option(names = "--elasticsearch-connect-timeout", defaultValue = "${env:QUIVER_ELASTICSEARCH_CONNECT_TIMEOUT:-5s}",
            paramLabel = "DURATION", description = "Elasticsearch TCP connect timeout.")
    Duration connectTimeout;

    @Option(names = "--elasticsearch-socket-timeout", defaultValue = "${env:QUIVER_ELASTICSEARCH_SOCKET_TIMEOUT:-30s}",
            paramLabel = "DURATION", description = "Longest wait for Elasticsearch's answer to a request.")
    Duration socketTimeout;

    @Option(names = "--elasticsearch-bulk-max-bytes",
            defaultValue = "${env:QUIVER_ELASTICSEARCH_BULK_MAX_BYTES:-8388608}", paramLabel = "N",
            description = "A batch is sent in bulk requests of at most about this many bytes (keep it below the"
                    + " cluster's http.max_content_length).")
    int bulkMaxBytes;

    @Option(names = "--elasticsearch-item-retries", defaultValue = "${env:QUIVER_ELASTICSEARCH_ITEM_RETRIES:-3}",
            paramLabel = "N", description = "Resends of bulk items refused with 429 or 5xx within one write, before"
                    + " the write fails as retriable.")
    int itemRetries;

    @Option(names = "--elasticsearch-item-retry-backoff",
            defaultValue = "${env:QUIVER_ELASTICSEARCH_ITEM_RETRY_BACKOFF:-100ms}", paramLabel = "DURATION",
            description = "Wait before the first resend of refused bulk items, doubling for each further one.")
    Duration itemRetryBackoff;

    @Option(names = "--elasticsearch-breaker-failure-rate",
            defaultValue = "${env:QUIVER_ELASTICSEARCH_BREAKER_FAILURE_RATE:-50}", paramLabel = "PERCENT",
            description = "Failed Elasticsearch calls, in percent of the last --elasticsearch-breaker-window, that open"
                    + " the circuit breaker (writes then fail at once).")
    float breakerFailureRate;

    @Option(names = "--elasticsearch-breaker-window", defaultValue = "${env:QUIVER_ELASTICSEARCH_BREAKER_WINDOW:-10}",
            paramLabel = "N", description = "Elasticsearch calls the failure rate is computed over.")
    int breakerWindow;

    @Option(names = "--elasticsearch-breaker-min-calls", defaultValue = "${env:QUIVER_ELASTICSEARCH_BREAKER_MIN_CALLS:-5}",
            paramLabel = "N", description = "Elasticsearch calls needed before the breaker may open.")
    int breakerMinCalls;

    @Option(names = "--elasticsearch-breaker-open-wait", defaultValue = "${env:QUIVER_ELASTICSEARCH_BREAKER_OPEN_WAIT:-30s}",
            paramLabel = "DURATION", description = "How long the Elasticsearch breaker stays open before a trial call.")
    Duration breakerOpenWait;

    @Option(names = "--elasticsearch-breaker-half-open-calls",
            defaultValue = "${env:QUIVER_ELASTICSEARCH_BREAKER_HALF_OPEN_CALLS:-2}", paramLabel = "N",
            description = "Trial calls that decide whether the Elasticsearch breaker closes again.")
    int breakerHalfOpenCalls;

    /** @throws IllegalArgumentException naming the flag */
    ElasticsearchSinkConfig sinkConfig() {
        try {
            return new ElasticsearchSinkConfig(SinkOptions.uri("--elasticsearch-url", url), user, password, indexPrefix,
                    connectTimeout, socketTimeout, bulkMaxBytes, itemRetries, itemRetryBackoff);
        } catch (IllegalArgumentException e) {
            throw SinkOptions.naming("--elasticsearch-*", e);
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
            throw SinkOptions.naming("--elasticsearch-breaker-*", e);
        }
    }
}
