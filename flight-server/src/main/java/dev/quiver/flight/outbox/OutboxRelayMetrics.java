package dev.quiver.flight.outbox;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The relay's meters: {@code quiver.outbox.published} (events acknowledged by the stream),
 * {@code quiver.outbox.duplicates} (of those, re-publishes the stream dropped), {@code quiver.outbox.failures}
 * (failed attempts), {@code quiver.outbox.outages}, {@code quiver.outbox.pending} (rows waiting; counted in the
 * database at each scrape) and {@code quiver.outbox.relay.healthy} (1 or 0).
 * Bind with {@code new OutboxRelayMetrics(relay).bindTo(registry)}.
 */
public final class OutboxRelayMetrics implements MeterBinder {
    private final OutboxRelay relay;

    public OutboxRelayMetrics(OutboxRelay relay) {
        this.relay = relay;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("quiver.outbox.published", relay, OutboxRelay::published)
                .description("observer events acknowledged by JetStream").baseUnit("events").register(registry);
        FunctionCounter.builder("quiver.outbox.duplicates", relay, OutboxRelay::duplicates)
                .description("re-published events JetStream already had").baseUnit("events").register(registry);
        FunctionCounter.builder("quiver.outbox.failures", relay, OutboxRelay::failures)
                .description("failed relay attempts").register(registry);
        FunctionCounter.builder("quiver.outbox.outages", relay, OutboxRelay::outages)
                .description("runs of failed relay attempts").register(registry);
        Gauge.builder("quiver.outbox.pending", relay, r -> {
            long pending = r.pending();
            return pending < 0 ? Double.NaN : pending;
        }).description("outbox rows not yet published").baseUnit("events").register(registry);
        Gauge.builder("quiver.outbox.relay.healthy", relay, r -> r.healthy() ? 1 : 0)
                .description("1 when the last relay attempt succeeded").register(registry);
    }
}
