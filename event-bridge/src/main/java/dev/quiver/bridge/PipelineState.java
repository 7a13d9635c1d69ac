package dev.quiver.bridge;

/** Where a {@link SinkPipeline} is in its life. */
public enum PipelineState {
    /** Created, not started. */
    NEW,
    /** Starting its sink (retrying while the destination is unreachable). */
    STARTING,
    /** Consuming and writing. */
    RUNNING,
    /** The sink failed retriably; the current batch is held, unacknowledged, and retried with back-off. */
    RETRYING,
    /** Stopped after a clean drain. */
    STOPPED,
    /** The sink refused to start for good (e.g. bad credentials); nothing is consumed. See the last error. */
    FAILED
}
