package dev.quiver.sinks.resilience;

import dev.quiver.sinks.api.Sink;
import dev.quiver.sinks.api.SinkException;
import dev.quiver.sinks.api.SinkHealth;
import dev.quiver.sinks.api.WriteResult;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.functions.CheckedSupplier;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Clock;
import java.util.Objects;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Sink} behind a resilience4j {@link Retry} around a {@link CircuitBreaker}, both named after the sink.
 * <ul>
 *   <li>Only retriable {@link SinkException}s are retried (exponential backoff with jitter); permanent ones
 *       pass straight through and do not count against the breaker.</li>
 *   <li>Every attempt is one breaker call, so an outage opens the breaker within a few writes; retriable
 *       failures and unexpected runtime exceptions count as failures.</li>
 *   <li>While the breaker is open, {@link #write} and {@link #start} fail at once with a retriable
 *       {@link SinkException} whose message names the breaker ("CircuitBreaker 'clickhouse' is OPEN and does
 *       not permit further calls"); the runtime keeps the batch (JetStream redelivers it) and tries later.</li>
 * </ul>
 * {@link #circuitBreaker()} and {@link #retry()} are exposed so the runtime can bind metrics (e.g. Micrometer's
 * {@code TaggedCircuitBreakerMetrics}) and listen to their event publishers; state transitions are logged here.
 */
public final class ResilientSink implements Sink {
    private static final Logger LOG = LoggerFactory.getLogger(ResilientSink.class);

    private final Sink delegate;
    private final CircuitBreaker breaker;
    private final Retry retry;

    /** With the given settings and the system clock. */
    public ResilientSink(Sink delegate, ResilienceConfig config) {
        this(delegate, config, Clock.systemUTC());
    }

    /** With the given settings; the breaker reads time from {@code clock} (tests pass a fake one). */
    public ResilientSink(Sink delegate, ResilienceConfig config, Clock clock) {
        this(delegate, CircuitBreaker.of(delegate.name(), circuitBreakerConfig(config, clock)),
                Retry.of(delegate.name(), retryConfig(config)));
    }

    /**
     * With a breaker and retry made elsewhere, e.g. taken from registries the runtime binds to metrics
     * ({@code registry.circuitBreaker(sink.name(), ResilientSink.circuitBreakerConfig(config, clock))}).
     */
    public ResilientSink(Sink delegate, CircuitBreaker breaker, Retry retry) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.breaker = Objects.requireNonNull(breaker, "breaker");
        this.retry = Objects.requireNonNull(retry, "retry");
        breaker.getEventPublisher().onStateTransition(event -> LOG.warn("sink '{}': circuit breaker {}",
                delegate.name(), event.getStateTransition()));
        retry.getEventPublisher().onRetry(event -> LOG.info("sink '{}': attempt {} failed, retrying in {} ms: {}",
                delegate.name(), event.getNumberOfRetryAttempts(), event.getWaitInterval().toMillis(),
                event.getLastThrowable() == null ? "?" : event.getLastThrowable().getMessage()));
    }

    /** The breaker settings of {@code config}: count-based window, no automatic half-open, time from {@code clock}. */
    public static CircuitBreakerConfig circuitBreakerConfig(ResilienceConfig config, Clock clock) {
        return CircuitBreakerConfig.custom()
                .slidingWindow(config.slidingWindowSize(), config.minimumNumberOfCalls(), SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(config.failureRateThreshold())
                .waitDurationInOpenState(config.openStateWait())
                .permittedNumberOfCallsInHalfOpenState(config.halfOpenCalls())
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .recordException(ResilientSink::countsAsFailure)
                .ignoreException(ResilientSink::isPermanent)
                .clock(clock)
                .build();
    }

    /** The retry settings of {@code config}: retriable {@link SinkException}s only, exponential random backoff. */
    public static RetryConfig retryConfig(ResilienceConfig config) {
        return RetryConfig.custom()
                .maxAttempts(config.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(config.initialBackoff(),
                        config.multiplier(), config.jitter(), config.maxBackoff()))
                .retryOnException(failure -> failure instanceof SinkException e && e.isRetriable())
                .failAfterMaxAttempts(false)
                .build();
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public void start() throws SinkException {
        call(() -> {
            delegate.start();
            return null;
        });
    }

    @Override
    public WriteResult write(VectorSchemaRoot batch) throws SinkException {
        return call(() -> delegate.write(batch));
    }

    /** The destination's health, with the breaker's state added to the detail. */
    @Override
    public SinkHealth health() {
        SinkHealth health = delegate.health();
        return new SinkHealth(health.up(), health.detail() + " (circuit breaker " + breaker.getState() + ")");
    }

    @Override
    public void close() {
        delegate.close();
    }

    /** The circuit breaker, named after the sink. */
    public CircuitBreaker circuitBreaker() {
        return breaker;
    }

    /** The retry, named after the sink. */
    public Retry retry() {
        return retry;
    }

    private <T> T call(CheckedSupplier<T> action) throws SinkException {
        CheckedSupplier<T> guarded = Retry.decorateCheckedSupplier(retry,
                CircuitBreaker.decorateCheckedSupplier(breaker, action));
        try {
            return guarded.get();
        } catch (CallNotPermittedException e) {
            throw SinkException.retriable(name(), e.getMessage() + "; the destination failed repeatedly, a trial"
                    + " call is let through " + breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState()
                    .apply(1) + " ms after it opened", e);
        } catch (SinkException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("sink '" + name() + "' threw an undeclared checked exception", e);
        }
    }

    private static boolean countsAsFailure(Throwable failure) {
        return failure instanceof SinkException e ? e.isRetriable() : failure instanceof RuntimeException;
    }

    private static boolean isPermanent(Throwable failure) {
        return failure instanceof SinkException e && !e.isRetriable();
    }
}
