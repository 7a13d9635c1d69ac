package dev.quiver.resilience.harness;

import java.util.function.LongSupplier;

/**
 * A {@link Sampler.Gauge} turning a cumulative count (events published, events a sink stored, rows read) into the
 * rate per second since the previous reading. The first reading is the rate since the gauge was made.
 */
public final class CounterRate implements Sampler.Gauge {
    private final Counter counter;
    private final LongSupplier nanoTime;
    private double lastCount;
    private long lastNanos;

    /** A cumulative count read now; may throw when its source cannot be read this tick. */
    @FunctionalInterface
    public interface Counter {
        double read() throws Exception;
    }

    public CounterRate(Counter counter) {
        this(counter, System::nanoTime);
    }

    CounterRate(Counter counter, LongSupplier nanoTime) {
        this.counter = counter;
        this.nanoTime = nanoTime;
        this.lastNanos = nanoTime.getAsLong();
    }

    @Override
    public synchronized double read() throws Exception {
        double count = counter.read();
        long now = nanoTime.getAsLong();
        double seconds = (now - lastNanos) / 1e9;
        double rate = seconds > 0 ? Math.max(0, count - lastCount) / seconds : 0;
        lastCount = count;
        lastNanos = now;
        return rate;
    }
}
