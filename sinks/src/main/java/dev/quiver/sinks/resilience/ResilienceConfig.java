package dev.quiver.sinks.resilience;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link ResilientSink} retries and when its circuit breaker opens.
 *
 * <p>Retry: up to {@code maxAttempts} calls per write (the first included), waiting
 * {@code initialBackoff × multiplier^(n-1)} (at most {@code maxBackoff}) between them, each wait randomised by
 * ± {@code jitter} (a fraction) so many bridges do not retry in step.
 *
 * <p>Circuit breaker (count-based): over the last {@code slidingWindowSize} calls, once at least
 * {@code minimumNumberOfCalls} were made, a failure rate of {@code failureRateThreshold} percent or more opens
 * it. While open, writes fail at once; after {@code openStateWait} the next write is let through (half-open),
 * and {@code halfOpenCalls} trial calls decide whether it closes again or reopens.
 */
public record ResilienceConfig(int maxAttempts, Duration initialBackoff, double multiplier, double jitter,
                               Duration maxBackoff, float failureRateThreshold, int slidingWindowSize,
                               int minimumNumberOfCalls, Duration openStateWait, int halfOpenCalls) {

    public ResilienceConfig {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1 (1 = no retry) but was " + maxAttempts);
        }
        requirePositive("initialBackoff", initialBackoff);
        if (!(multiplier >= 1.0)) {
            throw new IllegalArgumentException("multiplier must be >= 1 but was " + multiplier);
        }
        if (!(jitter >= 0.0 && jitter < 1.0)) {
            throw new IllegalArgumentException("jitter must be a fraction in [0, 1) but was " + jitter);
        }
        requirePositive("maxBackoff", maxBackoff);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff (" + maxBackoff + ") must not be below initialBackoff ("
                    + initialBackoff + ")");
        }
        if (!(failureRateThreshold > 0 && failureRateThreshold <= 100)) {
            throw new IllegalArgumentException("failureRateThreshold must be a percentage in (0, 100] but was "
                    + failureRateThreshold);
        }
        if (slidingWindowSize < 1) {
            throw new IllegalArgumentException("slidingWindowSize must be >= 1 but was " + slidingWindowSize);
        }
        if (minimumNumberOfCalls < 1 || minimumNumberOfCalls > slidingWindowSize) {
            throw new IllegalArgumentException("minimumNumberOfCalls must be in [1, slidingWindowSize="
                    + slidingWindowSize + "] but was " + minimumNumberOfCalls);
        }
        requirePositive("openStateWait", openStateWait);
        if (halfOpenCalls < 1) {
            throw new IllegalArgumentException("halfOpenCalls must be >= 1 but was " + halfOpenCalls);
        }
    }

    /**
     * These settings with one call per write ({@code maxAttempts} 1): for a runtime that retries itself, as the
     * event-bridge's pipeline does, so retries are not stacked; the breaker stays.
     */
    public ResilienceConfig withoutRetry() {
        return new ResilienceConfig(1, initialBackoff, multiplier, jitter, maxBackoff, failureRateThreshold,
                slidingWindowSize, minimumNumberOfCalls, openStateWait, halfOpenCalls);
    }

    /**
     * 3 attempts with 200 ms → 400 ms backoff (×2, ±50 %, at most 5 s); the breaker opens when half of the last
     * 10 calls (at least 5) failed, stays open 30 s, and closes again after 2 successful trial calls.
     */
    public static ResilienceConfig defaults() {
        return new ResilienceConfig(3, Duration.ofMillis(200), 2.0, 0.5, Duration.ofSeconds(5), 50f, 10, 5,
                Duration.ofSeconds(30), 2);
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration but was " + value);
        }
    }
}
