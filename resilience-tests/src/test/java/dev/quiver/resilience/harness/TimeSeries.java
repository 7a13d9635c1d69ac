package dev.quiver.resilience.harness;

import dev.quiver.resilience.harness.report.Series;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/** A series of a {@link ScenarioLog} being recorded: points are stamped with the scenario's elapsed time. */
public final class TimeSeries {
    private final String name;
    private final String unit;
    private final LongSupplier elapsedMillis;
    private final List<double[]> points = new ArrayList<>();

    TimeSeries(String name, String unit, LongSupplier elapsedMillis) {
        this.name = name;
        this.unit = unit;
        this.elapsedMillis = elapsedMillis;
    }

    /** A point at the current time. */
    public void add(double value) {
        add(elapsedMillis.getAsLong(), value);
    }

    /** A point at {@code atMs} after the scenario's start (points may arrive out of order; the chart sorts them). */
    public synchronized void add(long atMs, double value) {
        points.add(new double[] {atMs, value});
    }

    synchronized Series snapshot() {
        List<double[]> sorted = new ArrayList<>(points);
        sorted.sort((a, b) -> Double.compare(a[0], b[0]));
        return new Series(name, unit, sorted);
    }
}
