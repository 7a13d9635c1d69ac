package dev.quiver.resilience.harness;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples gauges (a process's RSS, heap, a consumer's lag, a store's count) into a {@link ScenarioLog}'s series at
 * a fixed interval on its own thread. A gauge that cannot be read at a tick (its process is being killed, its
 * service is down) leaves a gap rather than failing the scenario: the scenario asserts on what matters.
 */
public final class Sampler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Sampler.class);

    /** A number read now. */
    @FunctionalInterface
    public interface Gauge {
        double read() throws Exception;
    }

    private record Tracked(TimeSeries series, Gauge gauge) {
    }

    private final ScenarioLog log;
    private final List<Tracked> tracked = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer;

    Sampler(ScenarioLog log, Duration interval) {
        this.log = log;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "scenario-sampler");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Adds {@code gauge} as series {@code name} (in {@code unit}); returns this for chaining. */
    public Sampler gauge(String name, String unit, Gauge gauge) {
        tracked.add(new Tracked(log.series(name, unit), gauge));
        return this;
    }

    private void tick() {
        for (Tracked each : tracked) {
            try {
                each.series().add(each.gauge().read());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.debug("gauge not read this tick: {}", e.toString());
            }
        }
    }

    /** Stops sampling (one last tick first, so the series reaches the end of the work). */
    @Override
    public void close() throws InterruptedException {
        timer.shutdown();
        timer.awaitTermination(10, TimeUnit.SECONDS);
        tick();
    }
}
