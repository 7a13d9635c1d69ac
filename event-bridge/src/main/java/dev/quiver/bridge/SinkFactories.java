package dev.quiver.bridge;

import dev.quiver.sinks.api.Sink;
import dev.quiver.sinks.clickhouse.ClickHouseSink;
import dev.quiver.sinks.clickhouse.ClickHouseSinkConfig;
import dev.quiver.sinks.elasticsearch.ElasticsearchSink;
import dev.quiver.sinks.elasticsearch.ElasticsearchSinkConfig;
import dev.quiver.sinks.resilience.ResilienceConfig;
import dev.quiver.sinks.resilience.ResilientSink;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/** The sinks the bridge can feed, by the name used in {@code --sinks}, metrics and consumer names. */
public final class SinkFactories {
    private final Map<String, SinkFactory> factories;

    private SinkFactories(Map<String, SinkFactory> factories) {
        this.factories = Map.copyOf(factories);
    }

    /** The production sinks: {@code clickhouse} and {@code elasticsearch}. */
    public static SinkFactories builtIn() {
        Map<String, SinkFactory> factories = new LinkedHashMap<>();
        factories.put("clickhouse", config -> new ResilientSink(new ClickHouseSink(clickhouse(config.endpoints())),
                ResilienceConfig.fromEnvironment(System.getenv(), ClickHouseSinkConfig.PREFIX)));
        factories.put("elasticsearch", config -> new ResilientSink(
                new ElasticsearchSink(elasticsearch(config.endpoints())),
                ResilienceConfig.fromEnvironment(System.getenv(), ElasticsearchSinkConfig.PREFIX)));
        return new SinkFactories(factories);
    }

    /** Exactly the given factories (tests, embedding). */
    public static SinkFactories of(Map<String, SinkFactory> factories) {
        return new SinkFactories(factories);
    }

    /** The same factories plus (or replacing) {@code name}. */
    public SinkFactories with(String name, SinkFactory factory) {
        Map<String, SinkFactory> more = new LinkedHashMap<>(factories);
        more.put(name, factory);
        return new SinkFactories(more);
    }

    /**
     * Creates the sink called {@code name}.
     *
     * @throws IllegalArgumentException naming the known sinks if there is none by that name
     */
    public Sink create(String name, BridgeConfig config) {
        SinkFactory factory = factories.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("unknown sink '" + name + "'; known: " + new TreeSet<>(factories.keySet()));
        }
        return factory.create(config);
    }

    /** The sink's own settings ({@code QUIVER_CLICKHOUSE_*} timeouts, insert format) with the bridge's endpoint. */
    static ClickHouseSinkConfig clickhouse(SinkEndpoints endpoints) {
        ClickHouseSinkConfig base = ClickHouseSinkConfig.fromEnvironment(System.getenv());
        return new ClickHouseSinkConfig(URI.create(endpoints.clickhouseUrl()), endpoints.clickhouseUser(),
                endpoints.clickhousePassword(), endpoints.clickhouseDatabase(), endpoints.clickhouseTable(),
                base.connectTimeout(), base.socketTimeout(), base.insertFormat());
    }

    /** The sink's own settings ({@code QUIVER_ELASTICSEARCH_*} timeouts, bulk sizes) with the bridge's endpoint. */
    static ElasticsearchSinkConfig elasticsearch(SinkEndpoints endpoints) {
        ElasticsearchSinkConfig base = ElasticsearchSinkConfig.fromEnvironment(System.getenv());
        return new ElasticsearchSinkConfig(URI.create(endpoints.elasticsearchUrl()), base.user(), base.password(),
                endpoints.elasticsearchIndex(), base.connectTimeout(), base.socketTimeout(), base.bulkMaxBytes(),
                base.itemRetries(), base.itemRetryBackoff());
    }
}
