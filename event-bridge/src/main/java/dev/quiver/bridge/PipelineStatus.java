package dev.quiver.bridge;

/** What one pipeline's parts share: whether it is stopping, where it is in its life, and its last failure. */
final class PipelineStatus {
    volatile boolean stopping;
    volatile PipelineState state = PipelineState.NEW;
    /** The last failure seen (sink, source or dead-letter stream), or {@code null} once things work again. */
    volatile String lastError;
}
