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
 * @param events      per store of the pipeline: events produced, stored, lost, duplicated, redelivered
 * @param deliveries  per set of subscribers: deliveries due, received, lost, duplicated (never added to events)
 * @param recoveries  named times to recover
 * @param latencies   named latency distributions
 * @param figures     other named numbers (throughputs, memory, breaker transitions, ...)
 * @param series      time series for the charts
 * @param notes       free remarks written by the scenario
 */
public record ScenarioResult(String id, String group, String title, String scale, String startedAt, long durationMs,
                             boolean passed, String failure, String load, List<FaultWindow> faults,
                             List<EventTally> events, List<DeliveryTally> deliveries, List<Figure> recoveries,
                             List<Latency> latencies,
                             List<Figure> figures, List<Series> series, List<String> notes) {

    public ScenarioResult {
        faults = List.copyOf(faults);
        events = List.copyOf(events);
        deliveries = deliveries == null ? List.of() : List.copyOf(deliveries);
        recoveries = List.copyOf(recoveries);
        latencies = List.copyOf(latencies);
        figures = List.copyOf(figures);
        series = List.copyOf(series);
        notes = List.copyOf(notes);
    }

    /**
     * Pipeline events produced: the largest of the stores' tallies (every store is reconciled against the same
     * production). Subscriber deliveries are not events and are not counted here.
     */
    @JsonProperty("produced")
    public long produced() {
        return events.stream().mapToLong(EventTally::produced).max().orElse(0);
    }

    /** Pipeline events missing from a store, over the stores. */
    @JsonProperty("lost")
    public long lost() {
        return events.stream().mapToLong(EventTally::lost).sum();
    }

    /** Duplicate pipeline events a user can see, over the stores. */
    @JsonProperty("duplicated")
    public long duplicated() {
        return events.stream().mapToLong(EventTally::duplicated).sum();
    }

    /** Redelivered copies no user sees (ClickHouse raw rows before a merge), over the stores. */
    @JsonProperty("redelivered")
    public long redelivered() {
        return events.stream().mapToLong(EventTally::redelivered).sum();
    }

    /** Subscriber deliveries due, over the sets of subscribers. */
    @JsonProperty("deliveriesExpected")
    public long deliveriesExpected() {
        return deliveries.stream().mapToLong(DeliveryTally::expected).sum();
    }

    /** Subscriber deliveries due but not received. */
    @JsonProperty("deliveriesLost")
    public long deliveriesLost() {
        return deliveries.stream().mapToLong(DeliveryTally::lost).sum();
    }

    /** Subscriber deliveries received more than once. */
    @JsonProperty("deliveriesDuplicated")
    public long deliveriesDuplicated() {
        return deliveries.stream().mapToLong(DeliveryTally::duplicated).sum();
    }
}
