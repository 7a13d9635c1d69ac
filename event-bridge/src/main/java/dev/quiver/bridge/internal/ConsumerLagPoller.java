package dev.quiver.bridge.internal;

import dev.quiver.bridge.BridgeMetrics;
import dev.quiver.bridge.EventStreams;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.ConsumerInfo;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads each sink consumer's pending and ack-pending counts from the server at a fixed interval into the metrics. */
public final class ConsumerLagPoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLagPoller.class);

    private final JetStreamManagement jsm;
    private final String stream;
    private final Map<String, BridgeMetrics> metricsBySink;
    private final ScheduledExecutorService scheduler;

    public ConsumerLagPoller(JetStreamManagement jsm, String stream, Map<String, BridgeMetrics> metricsBySink,
                             Duration interval) {
        this.jsm = jsm;
        this.stream = stream;
        this.metricsBySink = Map.copyOf(metricsBySink);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "bridge-lag-poller");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::pollOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Reads every consumer once. */
    public void pollOnce() {
        metricsBySink.forEach((sink, metrics) -> {
            try {
                ConsumerInfo info = jsm.getConsumerInfo(stream, EventStreams.durableName(sink));
                metrics.consumerLag(info.getNumPending(), info.getNumAckPending());
            } catch (Exception e) {
                LOG.debug("could not read consumer {} of {}: {}", EventStreams.durableName(sink), stream, e.toString());
            }
        });
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
