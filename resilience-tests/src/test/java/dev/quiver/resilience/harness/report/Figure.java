package dev.quiver.resilience.harness.report;

/** A named number measured in the run, e.g. {@code clickhouse events/s = 10212 events/s}. */
public record Figure(String name, double value, String unit) {
}
