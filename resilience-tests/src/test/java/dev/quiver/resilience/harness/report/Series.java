package dev.quiver.resilience.harness.report;

import java.util.List;

/**
 * A time series for a chart.
 *
 * @param name   what it shows, e.g. {@code flight-server RSS}
 * @param unit   of the values, e.g. {@code MiB}
 * @param points {@code [ms after the scenario start, value]} pairs in time order
 */
public record Series(String name, String unit, List<double[]> points) {

    public Series {
        points = List.copyOf(points);
    }
}
