package dev.quiver.resilience.harness.report;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The whole report: where and when it ran, the totals and every scenario.
 *
 * @param generatedAt ISO-8601 time of writing
 * @param machine     cores and memory of the machine it ran on
 * @param summary     totals over the scenarios
 * @param scenarios   in the order they started
 */
public record Report(String generatedAt, Machine machine, Summary summary, List<ScenarioResult> scenarios) {

    public Report {
        scenarios = List.copyOf(scenarios);
    }

    /** Totals of {@code scenarios}, on this machine. */
    public static Report of(String generatedAt, List<ScenarioResult> scenarios) {
        long passed = scenarios.stream().filter(ScenarioResult::passed).count();
        Summary summary = new Summary(scenarios.size(), passed, scenarios.size() - passed,
                sum(scenarios, ScenarioResult::produced), sum(scenarios, ScenarioResult::lost),
                sum(scenarios, ScenarioResult::duplicated), sum(scenarios, ScenarioResult::redelivered),
                sum(scenarios, ScenarioResult::deliveriesExpected), sum(scenarios, ScenarioResult::deliveriesLost),
                sum(scenarios, ScenarioResult::deliveriesDuplicated), sum(scenarios, ScenarioResult::durationMs));
        return new Report(generatedAt, Machine.current(), summary, scenarios);
    }

    private static long sum(List<ScenarioResult> scenarios, ToLongFunction<ScenarioResult> figure) {
        return scenarios.stream().mapToLong(figure).sum();
    }

    /**
     * Pipeline events (JetStream → bridge → stores) and subscriber deliveries (one event to one subscriber) are
     * counted apart and never added.
     *
     * @param produced             pipeline events produced, over all scenarios
     * @param lost                 pipeline events produced but missing from a store, over all scenarios and stores
     * @param duplicated           duplicate pipeline events visible to users, over all scenarios and stores
     * @param redelivered          redelivered copies no user sees (ClickHouse raw rows before a merge)
     * @param deliveriesExpected   subscriber deliveries due, over all scenarios
     * @param deliveriesLost       subscriber deliveries due but not received
     * @param deliveriesDuplicated subscriber deliveries received more than once
     */
    public record Summary(long scenarios, long passed, long failed, long produced, long lost, long duplicated,
                          long redelivered, long deliveriesExpected, long deliveriesLost, long deliveriesDuplicated,
                          long durationMs) {
    }

    /** The machine the suite ran on. */
    public record Machine(int cores, long memoryMiB, String os, String java) {
        static Machine current() {
            long memory = 0;
            if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
                memory = os.getTotalMemorySize() / (1024 * 1024);
            }
            return new Machine(Runtime.getRuntime().availableProcessors(), memory,
                    System.getProperty("os.name") + " " + System.getProperty("os.version"),
                    System.getProperty("java.version"));
        }
    }
}
