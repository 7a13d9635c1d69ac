package dev.quiver.bridge;

import dev.quiver.sinks.api.Sink;

/**
 * Makes the sink for one name in {@code --sinks}. The bridge calls it once per pipeline at start-up and owns
 * the sink afterwards ({@link SinkPipeline} starts and closes it).
 */
@FunctionalInterface
public interface SinkFactory {

    /**
     * @param config the whole bridge configuration; the built-in sinks read theirs from {@link BridgeConfig#sinkSettings()}
     */
    Sink create(BridgeConfig config);
}
