package dev.quiver.resilience.harness.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One scenario's entry in the report, everything measured during its run.
 *
 * @param id          test class and method, unique in the report
 * @param group       stress, subscriptions, chaos or load
 * @param title       what it proves
 * @param scale       smoke or full
 * @param startedAt   ISO-8601 wall clock of the start
 * @param durationMs  how long it ran
 * @param passed      the test's outcome
 * @param failure     the failure message when it did not pass, else null
 * @param load        the load it applied, in words
 * @param faults      the faults injected, with their windows relative to the start
 * @param events      per store: produced, stored, lost, duplicated
 * @param recoveries  named times to recover
 * @param latencies   named latency distributions
 * @param figures     other named numbers (throughputs, memory, breaker transitions, ...)
 * @param series      time series for the charts
 * @param notes       free remarks written by the scenario
 */
public record ScenarioResult(String id, String group, String title, String scale, String startedAt, long durationMs,
                             boolean passed, String failure, String load, List<FaultWindow> faults,
                             List<EventTally> events, List<Figure> recoveries, List<Latency> latencies,
                             List<Figure> figures, List<Series> series, List<String> notes) {

    public ScenarioResult {
        faults = List.copyOf(faults);
        events = List.copyOf(events);
        recoveries = List.copyOf(recoveries);
        latencies = List.copyOf(latencies);
        figures = List.copyOf(figures);
        series = List.copyOf(series);
        notes = List.copyOf(notes);
    }

    /** Events produced: the largest of the tallies (every store is reconciled against the same production). */
    @JsonProperty("produced")
    public long produced() {
        return events.stream().mapToLong(EventTally::produced).max().orElse(0);
    }

    @JsonProperty("lost")
    public long lost() {
        return events.stream().mapToLong(EventTally::lost).sum();
    }

    @JsonProperty("duplicated")
    public long duplicated() {
        return events.stream().mapToLong(EventTally::duplicated).sum();
    }
}
