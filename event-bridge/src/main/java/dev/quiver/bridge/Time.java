package dev.quiver.bridge;

import java.time.Duration;

/**
 * The pipeline's view of time: a monotonic clock for the batch timer and a sleep for retry back-off. Injected
 * so tests drive batching and back-off with a fake clock instead of waiting.
 */
public interface Time {

    /** The system clock and {@link Thread#sleep}. */
    Time SYSTEM = new Time() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            Thread.sleep(duration.toMillis());
        }
    };

    /** A monotonic reading in nanoseconds, as {@link System#nanoTime()}: only differences mean anything. */
    long nanoTime();

    /** Waits for {@code duration}. */
    void sleep(Duration duration) throws InterruptedException;
}
