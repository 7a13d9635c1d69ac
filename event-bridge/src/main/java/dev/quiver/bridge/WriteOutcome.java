package dev.quiver.bridge;

import dev.quiver.sinks.api.WriteResult;

/**
 * What became of a write: stored (with rejections), failed for good, failed in a way nobody classified (a runtime
 * exception), or given up because the pipeline stops.
 */
record WriteOutcome(WriteResult result, String failure, RuntimeException unclassified, boolean abandoned) {
    static final WriteOutcome ABANDONED = new WriteOutcome(null, null, null, true);

    static WriteOutcome stored(WriteResult result) {
        return new WriteOutcome(result, null, null, false);
    }

    static WriteOutcome failed(String reason) {
        return new WriteOutcome(null, reason, null, false);
    }

    static WriteOutcome unclassified(RuntimeException e) {
        return new WriteOutcome(null, null, e, false);
    }
}
