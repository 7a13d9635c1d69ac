package dev.quiver.bridge;

import java.util.Map;

/**
 * What {@code GET /health} answers.
 *
 * @param status {@code UP}; {@code DEGRADED} while Redis or a sink is down (the bridge still works: events
 *               wait in JetStream, or are written without de-duplication); {@code DOWN} when NATS is
 *               unreachable or a pipeline failed for good (HTTP 503)
 * @param nats   the NATS connection
 * @param redis  the de-duplication store ({@code up} with detail "de-duplication off" when switched off)
 * @param sinks  each sink's destination and pipeline, by name
 */
public record BridgeHealth(String status, Component nats, Component redis, Map<String, SinkStatus> sinks) {

    /** Whether the bridge can do its work at all; {@code GET /health} answers 503 when not. */
    public boolean serving() {
        return !"DOWN".equals(status);
    }

    /**
     * @param up     it answered
     * @param detail what was seen
     */
    public record Component(boolean up, String detail) {
    }

    /**
     * @param up        the sink's destination answers ({@code Sink.health()})
     * @param detail    what the sink reported
     * @param pipeline  the pipeline's state
     * @param dedup     whether de-duplication is working for this sink now
     * @param inFlight  messages the pipeline holds unacknowledged
     * @param lastError the pipeline's last failure, or {@code null}
     */
    public record SinkStatus(boolean up, String detail, PipelineState pipeline, boolean dedup, long inFlight,
                             String lastError) {
    }
}
