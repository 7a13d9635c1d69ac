package dev.quiver.resilience.harness;

import dev.quiver.resilience.harness.report.Latency;
import java.util.Arrays;
import java.util.TreeMap;

/**
 * Collects timed outcomes (a request, an event's produce-to-visible time) from many threads and turns them into
 * percentiles and per-interval series for a {@link ScenarioLog}. Keeps every sample (bounded by the scenario's own
 * bounded load), so percentiles are exact, not estimated.
 */
public final class LatencyRecorder {
    /** How a timed operation ended. */
    public enum Outcome { OK, SHED, ERROR }

    private final ScenarioLog log;
    private long[] atMs = new long[1024];
    private long[] nanos = new long[1024];
    private byte[] outcomes = new byte[1024];
    private int size;

    public LatencyRecorder(ScenarioLog log) {
        this.log = log;
    }

    /** One operation that ended now after {@code latencyNanos}. */
    public void record(long latencyNanos, Outcome outcome) {
        long now = log.elapsedMillis();
        synchronized (this) {
            if (size == nanos.length) {
                atMs = Arrays.copyOf(atMs, size * 2);
                nanos = Arrays.copyOf(nanos, size * 2);
                outcomes = Arrays.copyOf(outcomes, size * 2);
            }
            atMs[size] = now;
            nanos[size] = latencyNanos;
            outcomes[size] = (byte) outcome.ordinal();
            size++;
        }
    }

    public synchronized int count() {
        return size;
    }

    /** Percentiles of the successful samples between {@code fromMs} and {@code toMs} (scenario time), errors counted. */
    public synchronized Latency between(String name, long fromMs, long toMs) {
        long[] ok = new long[size];
        int okCount = 0;
        long count = 0;
        long errors = 0;
        long shed = 0;
        for (int i = 0; i < size; i++) {
            if (atMs[i] < fromMs || atMs[i] > toMs) {
                continue;
            }
            count++;
            if (outcomes[i] == Outcome.OK.ordinal()) {
                ok[okCount++] = nanos[i];
            } else {
                errors++;
                if (outcomes[i] == Outcome.SHED.ordinal()) {
                    shed++;
                }
            }
        }
        long[] sorted = Arrays.copyOf(ok, okCount);
        Arrays.sort(sorted);
        return new Latency(name, count, errors, shed, percentileMs(sorted, 0.50), percentileMs(sorted, 0.95),
                percentileMs(sorted, 0.99), okCount == 0 ? 0 : sorted[okCount - 1] / 1e6);
    }

    /** Percentiles over every sample. */
    public Latency all(String name) {
        return between(name, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /**
     * Adds series {@code <name> p50}, {@code p99} (ms), {@code <name> per second} (completed) and {@code <name>
     * errors per second} to the log, one point per {@code bucketMs} of scenario time.
     */
    public synchronized void publishSeries(String name, long bucketMs) {
        TreeMap<Long, long[]> buckets = new TreeMap<>();
        TreeMap<Long, Integer> fill = new TreeMap<>();
        TreeMap<Long, Long> failures = new TreeMap<>();
        for (int i = 0; i < size; i++) {
            long bucket = atMs[i] / bucketMs;
            if (outcomes[i] != Outcome.OK.ordinal()) {
                failures.merge(bucket, 1L, Long::sum);
                continue;
            }
            long[] values = buckets.computeIfAbsent(bucket, key -> new long[16]);
            int n = fill.getOrDefault(bucket, 0);
            if (n == values.length) {
                values = Arrays.copyOf(values, n * 2);
                buckets.put(bucket, values);
            }
            values[n] = nanos[i];
            fill.put(bucket, n + 1);
        }
        TimeSeries p50 = log.series(name + " p50", "ms");
        TimeSeries p99 = log.series(name + " p99", "ms");
        TimeSeries rate = log.series(name + " per second", "/s");
        TimeSeries errorRate = log.series(name + " errors per second", "/s");
        TreeMap<Long, Boolean> all = new TreeMap<>();
        buckets.keySet().forEach(b -> all.put(b, true));
        failures.keySet().forEach(b -> all.put(b, true));
        for (long bucket : all.keySet()) {
            long at = bucket * bucketMs + bucketMs / 2;
            int n = fill.getOrDefault(bucket, 0);
            if (n > 0) {
                long[] sorted = Arrays.copyOf(buckets.get(bucket), n);
                Arrays.sort(sorted);
                p50.add(at, percentileMs(sorted, 0.50));
                p99.add(at, percentileMs(sorted, 0.99));
            }
            rate.add(at, n * 1000.0 / bucketMs);
            errorRate.add(at, failures.getOrDefault(bucket, 0L) * 1000.0 / bucketMs);
        }
    }

    /** Nearest-rank percentile of sorted nanosecond samples, in ms; 0 without samples. */
    static double percentileMs(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(quantile * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)] / 1e6;
    }
}
