package dev.quiver.bridge;

import dev.quiver.sinks.clickhouse.ClickHouseSinkConfig;
import dev.quiver.sinks.elasticsearch.ElasticsearchSinkConfig;
import dev.quiver.sinks.resilience.ResilienceConfig;
import java.util.Objects;

/**
 * How the built-in sinks write, read by their {@link SinkFactory}s (the bridge itself never uses them). Built from
 * the bridge's {@code --clickhouse-*} and {@code --elasticsearch-*} options only: the sinks read no environment.
 *
 * @param clickhouse              the {@code clickhouse} sink
 * @param clickhouseResilience    its retries and circuit breaker
 * @param elasticsearch           the {@code elasticsearch} sink
 * @param elasticsearchResilience its retries and circuit breaker
 */
public record SinkSettings(ClickHouseSinkConfig clickhouse, ResilienceConfig clickhouseResilience,
                           ElasticsearchSinkConfig elasticsearch, ResilienceConfig elasticsearchResilience) {

    public static final SinkSettings DEFAULTS = new SinkSettings(ClickHouseSinkConfig.defaults(),
            ResilienceConfig.defaults().withoutRetry(), ElasticsearchSinkConfig.defaults(),
            ResilienceConfig.defaults().withoutRetry());

    public SinkSettings {
        Objects.requireNonNull(clickhouse, "clickhouse");
        Objects.requireNonNull(clickhouseResilience, "clickhouseResilience");
        Objects.requireNonNull(elasticsearch, "elasticsearch");
        Objects.requireNonNull(elasticsearchResilience, "elasticsearchResilience");
    }
}
