package dev.quiver.resilience.suite.load;

import dev.quiver.resilience.harness.LatencyRecorder;
import dev.quiver.resilience.harness.LatencyRecorder.Outcome;
import dev.quiver.resilience.harness.ScenarioLog;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every answer one transport got in a scenario: their latencies (into a {@link LatencyRecorder}, so percentiles are
 * exact), how many ended OK / shed / in error, per second of scenario time, and the first distinct error details so a
 * failed assertion can say what went wrong.
 */
final class LoadTally {
    private static final int KEPT_ERRORS = 10;

    private final ScenarioLog log;
    private final String name;
    private final LatencyRecorder latencies;
    private final long[] totals = new long[Outcome.values().length];
    private final TreeMap<Long, long[]> perSecond = new TreeMap<>();
    private final Map<String, Long> errors = new LinkedHashMap<>();
    private long[] completedAtMs = new long[1024];
    private long[] tookNanos = new long[1024];
    private byte[] outcomes = new byte[1024];
    private int size;

    LoadTally(ScenarioLog log, String name) {
        this.log = log;
        this.name = name;
        this.latencies = new LatencyRecorder(log);
    }

    String name() {
        return name;
    }

    LatencyRecorder latencies() {
        return latencies;
    }

    /** An answer that came {@code latencyNanos} after the request was due (open loop) or sent (closed loop). */
    void record(Answer answer, long latencyNanos) {
        latencies.record(latencyNanos, answer.outcome());
        long second = log.elapsedMillis() / 1000;
        synchronized (this) {
            if (size == completedAtMs.length) {
                completedAtMs = Arrays.copyOf(completedAtMs, size * 2);
                tookNanos = Arrays.copyOf(tookNanos, size * 2);
                outcomes = Arrays.copyOf(outcomes, size * 2);
            }
            completedAtMs[size] = log.elapsedMillis();
            tookNanos[size] = latencyNanos;
            outcomes[size] = (byte) answer.outcome().ordinal();
            size++;
            totals[answer.outcome().ordinal()]++;
            perSecond.computeIfAbsent(second, key -> new long[Outcome.values().length])[answer.outcome().ordinal()]++;
            if (answer.outcome() == Outcome.ERROR) {
                String kind = answer.detail().length() > 200 ? answer.detail().substring(0, 200) : answer.detail();
                if (errors.containsKey(kind) || errors.size() < KEPT_ERRORS) {
                    errors.merge(kind, 1L, Long::sum);
                }
            }
        }
    }

    synchronized long count(Outcome outcome) {
        return totals[outcome.ordinal()];
    }

    synchronized long total() {
        long sum = 0;
        for (long each : totals) {
            sum += each;
        }
        return sum;
    }

    /**
     * When the answers became normal again after {@code fromMs} (scenario time): the completion time of the last
     * answer at or after {@code fromMs} that was shed, failed or slower than {@code normalNanos} (so every answer
     * completed after it was OK and fast), or {@code fromMs} if there was none; -1 when the very last answer was
     * not normal (it never recovered within the run).
     */
    synchronized long normalAgainAt(long fromMs, long normalNanos) {
        long last = fromMs;
        long lastAt = Long.MIN_VALUE;
        boolean lastNormal = true;
        for (int i = 0; i < size; i++) {
            if (completedAtMs[i] < fromMs) {
                continue;
            }
            boolean normal = outcomes[i] == Outcome.OK.ordinal() && tookNanos[i] <= normalNanos;
            if (!normal) {
                last = Math.max(last, completedAtMs[i]);
            }
            if (completedAtMs[i] >= lastAt) {
                lastAt = completedAtMs[i];
                lastNormal = normal;
            }
        }
        return lastNormal ? last : -1;
    }

    /** How many answers completed in {@code (fromMs, toMs]} (scenario time). */
    synchronized long completedBetween(long fromMs, long toMs) {
        long count = 0;
        for (int i = 0; i < size; i++) {
            if (completedAtMs[i] > fromMs && completedAtMs[i] <= toMs) {
                count++;
            }
        }
        return count;
    }

    /** How many answers that completed after {@code fromMs} (scenario time) ended with {@code outcome}. */
    synchronized long countAfter(Outcome outcome, long fromMs) {
        long count = 0;
        for (int i = 0; i < size; i++) {
            if (completedAtMs[i] > fromMs && outcomes[i] == outcome.ordinal()) {
                count++;
            }
        }
        return count;
    }

    /** The first distinct error details with how often each came, for assertion messages. */
    synchronized String errorSummary() {
        return errors.isEmpty() ? "no errors" : errors.toString();
    }

    /**
     * Adds the latency series ({@code <name> p50/p99}, completed and failed per second, see
     * {@link LatencyRecorder#publishSeries}) plus {@code <name> shed per second} and {@code <name> errors (not shed)
     * per second}, one point per second.
     */
    void publishSeries() {
        latencies.publishSeries(name, 1000);
        List<long[]> rows;
        List<Long> seconds;
        synchronized (this) {
            rows = new ArrayList<>(perSecond.values());
            seconds = new ArrayList<>(perSecond.keySet());
        }
        var shed = log.series(name + " shed per second", "/s");
        var failed = log.series(name + " errors (not shed) per second", "/s");
        for (int i = 0; i < rows.size(); i++) {
            long at = seconds.get(i) * 1000 + 500;
            shed.add(at, rows.get(i)[Outcome.SHED.ordinal()]);
            failed.add(at, rows.get(i)[Outcome.ERROR.ordinal()]);
        }
    }
}
