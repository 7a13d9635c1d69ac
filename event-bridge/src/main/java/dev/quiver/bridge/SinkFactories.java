package dev.quiver.bridge;

import dev.quiver.sinks.api.Sink;
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
        // TODO(merge): plug the real sinks in here once ClickHouseSink, ElasticsearchSink and ResilientSink are in
        //  `sinks` (dev.quiver.sinks.*); every other part of the bridge is already wired. For example:
        //    factories.put("clickhouse", config -> new ResilientSink(new ClickHouseSink(config.endpoints()...)));
        //    factories.put("elasticsearch", config -> new ResilientSink(new ElasticsearchSink(config.endpoints()...)));
        factories.put("clickhouse", notYetAvailable("clickhouse"));
        factories.put("elasticsearch", notYetAvailable("elasticsearch"));
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

    private static SinkFactory notYetAvailable(String name) {
        return config -> {
            throw new IllegalStateException("the " + name + " sink is not built into this bridge yet; run with"
                    + " --sinks naming only available sinks");
        };
    }
}
