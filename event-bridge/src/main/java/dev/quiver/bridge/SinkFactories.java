package dev.quiver.bridge;

import dev.quiver.sinks.api.Sink;
import dev.quiver.sinks.clickhouse.ClickHouseSink;
import dev.quiver.sinks.elasticsearch.ElasticsearchSink;
import dev.quiver.sinks.resilience.ResilientSink;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/** The sinks the bridge can feed, by the name used in {@code --sinks}, metrics and consumer names. */
public final class SinkFactories {
    private final Map<String, SinkFactory> factories;

    private SinkFactories(Map<String, SinkFactory> factories) {
        this.factories = Map.copyOf(factories);
    }

    /** The production sinks: {@code clickhouse} and {@code elasticsearch}, configured by {@link BridgeConfig#sinkSettings()}. */
    public static SinkFactories builtIn() {
        Map<String, SinkFactory> factories = new LinkedHashMap<>();
        factories.put("clickhouse", config -> new ResilientSink(
                new ClickHouseSink(config.sinkSettings().clickhouse()), config.sinkSettings().clickhouseResilience()));
        factories.put("elasticsearch", config -> new ResilientSink(
                new ElasticsearchSink(config.sinkSettings().elasticsearch()),
                config.sinkSettings().elasticsearchResilience()));
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
}
