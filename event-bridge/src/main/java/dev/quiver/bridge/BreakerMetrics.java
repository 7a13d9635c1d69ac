package dev.quiver.bridge;

import dev.quiver.sinks.resilience.ResilientSink;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Publishes a {@link ResilientSink}'s circuit breaker on {@code /metrics}, tagged {@code sink}:
 * <ul>
 *   <li>{@code quiver_bridge_breaker_state}: 0 closed, 1 open, 2 half-open (3 other: disabled, forced open, …)</li>
 *   <li>{@code quiver_bridge_breaker_transitions_total{to=…}}: every state change, by the state entered</li>
 *   <li>{@code quiver_bridge_breaker_rejected_total}: writes refused at once because the breaker was open</li>
 * </ul>
 */
final class BreakerMetrics {

    private BreakerMetrics() {
    }

    static void bind(MeterRegistry registry, String sink, ResilientSink resilient) {
        CircuitBreaker breaker = resilient.circuitBreaker();
        Gauge.builder("quiver.bridge.breaker.state", breaker, b -> stateValue(b.getState()))
                .description("circuit breaker state: 0 closed, 1 open, 2 half-open, 3 other")
                .tag("sink", sink).register(registry);
        breaker.getEventPublisher().onStateTransition(event -> Counter.builder("quiver.bridge.breaker.transitions")
                .description("circuit breaker state changes, by the state entered").tag("sink", sink)
                .tag("to", event.getStateTransition().getToState().name().toLowerCase(java.util.Locale.ROOT))
                .register(registry).increment());
        Counter rejected = Counter.builder("quiver.bridge.breaker.rejected").tag("sink", sink)
                .description("writes refused at once because the breaker was open").register(registry);
        breaker.getEventPublisher().onCallNotPermitted(event -> rejected.increment());
    }

    static int stateValue(CircuitBreaker.State state) {
        switch (state) {
            case CLOSED:
                return 0;
            case OPEN:
                return 1;
            case HALF_OPEN:
                return 2;
            default:
                return 3;
        }
    }
}
