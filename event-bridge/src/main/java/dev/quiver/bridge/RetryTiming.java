package dev.quiver.bridge;

import dev.quiver.sinks.resilience.RetryIntervals;
import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;

/**
 * The pipeline's one back-off ({@code --retry-backoff}, doubling per attempt up to {@code --retry-backoff-max}) and
 * its waits, which end early when the pipeline stops.
 */
final class RetryTiming {
    /** How often a wait looks whether the pipeline is stopping. */
    static final Duration STOP_CHECK = Duration.ofMillis(100);

    private final IntervalFunction intervals;
    private final Time time;
    private final PipelineStatus status;

    RetryTiming(PipelineConfig config, Time time, PipelineStatus status) {
        this.intervals = RetryIntervals.doubling(config.retryBackoff(), config.retryBackoffMax());
        this.time = time;
        this.status = status;
    }

    /** The wait before retry number {@code attempt} (from 1). */
    Duration backoff(long attempt) {
        return Duration.ofMillis(intervals.apply((int) Math.min(Math.max(attempt, 1), Integer.MAX_VALUE)));
    }

    /** Waits {@code duration} unless the pipeline stops first; returns false if it is stopping. */
    boolean pause(Duration duration) {
        long end = time.nanoTime() + duration.toNanos();
        try {
            while (!status.stopping) {
                long left = end - time.nanoTime();
                if (left <= 0) {
                    return true;
                }
                time.sleep(Duration.ofNanos(Math.min(left, STOP_CHECK.toNanos())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status.stopping = true;
        }
        return false;
    }
}
