package dev.quiver.resilience.harness.report;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

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
                scenarios.stream().mapToLong(ScenarioResult::produced).sum(),
                scenarios.stream().mapToLong(ScenarioResult::lost).sum(),
                scenarios.stream().mapToLong(ScenarioResult::duplicated).sum(),
                scenarios.stream().mapToLong(ScenarioResult::durationMs).sum());
        return new Report(generatedAt, Machine.current(), summary, scenarios);
    }

    /**
     * @param produced   events produced over all scenarios
     * @param lost       events produced but missing from a store, over all scenarios and stores
     * @param duplicated duplicates visible to users, over all scenarios and stores
     */
    public record Summary(long scenarios, long passed, long failed, long produced, long lost, long duplicated,
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
