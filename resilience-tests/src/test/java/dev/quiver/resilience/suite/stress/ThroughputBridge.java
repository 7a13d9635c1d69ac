package dev.quiver.resilience.suite.stress;

import dev.quiver.bridge.PipelineConfig;
import dev.quiver.resilience.harness.PipelineRun;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The event-bridge as the throughput scenarios run it: a child JVM with a fixed {@code -Xmx512m} and the bridge's
 * own production defaults ({@link PipelineConfig#DEFAULTS}, which {@code BridgeCommand} declares) for batching and flow control ({@code --batch-size}, {@code --batch-time},
 * {@code --max-ack-pending}, {@code --ack-wait}), not the small batches {@link PipelineRun} gives its fault tests.
 * A rate it sustains here is a rate it sustains as shipped.
 */
final class ThroughputBridge {
    static final String HEAP = "-Xmx512m";

    private ThroughputBridge() {
    }

    static PipelineRun.Bridge start(PipelineRun run) throws IOException, InterruptedException {
        PipelineConfig defaults = PipelineConfig.DEFAULTS;
        return run.startBridge(List.of(HEAP), Map.of(
                "batch-size", Integer.toString(defaults.batchSize()),
                "batch-time", defaults.batchTime().toMillis() + "ms",
                "max-ack-pending", Integer.toString(defaults.maxAckPending()),
                "ack-wait", defaults.ackWait().toMillis() + "ms"), Map.of());
    }

    /** What the bridge says it stored into {@code sink} so far ({@code quiver_bridge_events_stored_total}). */
    static double stored(PipelineRun.Bridge bridge, String sink) throws IOException, InterruptedException {
        return bridge.metrics().sum("quiver_bridge_events_stored_total", "sink", sink);
    }

    /** Heap in use now, from the bridge's {@code /metrics} (cheap enough to read every second, unlike jcmd). */
    static double heapBytes(PipelineRun.Bridge bridge) throws IOException, InterruptedException {
        return bridge.metrics().sum("jvm_memory_used_bytes", "area", "heap");
    }
}
