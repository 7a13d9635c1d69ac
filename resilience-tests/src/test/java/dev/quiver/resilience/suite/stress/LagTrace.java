package dev.quiver.resilience.suite.stress;

import java.util.ArrayList;
import java.util.List;

/**
 * A sink's backlog (unacknowledged events of its consumer) sampled over time, read back as its floor over a window:
 * the smallest backlog seen there. The bridge acknowledges a whole batch at once, so the backlog saw-tooths by up to
 * a batch and a write; the floor ignores that saw-tooth and moves only when the sink really falls behind.
 */
final class LagTrace {
    private final List<long[]> samples = new ArrayList<>();

    /** Records {@code backlog} seen at {@code atMs}; returns it (to chart it too). */
    synchronized double add(long atMs, long backlog) {
        samples.add(new long[] {atMs, backlog});
        return backlog;
    }

    /** The smallest backlog sampled in {@code [fromMs, toMs]}; the last one before {@code toMs} if none; else 0. */
    synchronized long floor(long fromMs, long toMs) {
        long floor = Long.MAX_VALUE;
        long lastBefore = 0;
        for (long[] sample : samples) {
            if (sample[0] >= fromMs && sample[0] <= toMs) {
                floor = Math.min(floor, sample[1]);
            } else if (sample[0] < fromMs) {
                lastBefore = sample[1];
            }
        }
        return floor == Long.MAX_VALUE ? lastBefore : floor;
    }
}
