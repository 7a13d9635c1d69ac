package dev.quiver.sinks.resilience;

import dev.quiver.sinks.internal.EnvConfig;
import dev.quiver.sinks.internal.EnvKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

    static final String RETRY_MAX_ATTEMPTS = "RETRY_MAX_ATTEMPTS";
    static final String RETRY_INITIAL_BACKOFF = "RETRY_INITIAL_BACKOFF";
    static final String RETRY_MULTIPLIER = "RETRY_MULTIPLIER";
    static final String RETRY_JITTER = "RETRY_JITTER";
    static final String RETRY_MAX_BACKOFF = "RETRY_MAX_BACKOFF";
    static final String BREAKER_FAILURE_RATE = "BREAKER_FAILURE_RATE";
    static final String BREAKER_WINDOW = "BREAKER_WINDOW";
    static final String BREAKER_MIN_CALLS = "BREAKER_MIN_CALLS";
    static final String BREAKER_OPEN_WAIT = "BREAKER_OPEN_WAIT";
    static final String BREAKER_HALF_OPEN_CALLS = "BREAKER_HALF_OPEN_CALLS";

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
     * 3 attempts with 200 ms → 400 ms backoff (×2, ±50 %, at most 5 s); the breaker opens when half of the last
     * 10 calls (at least 5) failed, stays open 30 s, and closes again after 2 successful trial calls.
     */
    /**
     * These settings with one call per write ({@code maxAttempts} 1): for a runtime that retries itself, as the
     * event-bridge's pipeline does, so retries are not stacked; the breaker stays.
     */
    public ResilienceConfig withoutRetry() {
        return new ResilienceConfig(1, initialBackoff, multiplier, jitter, maxBackoff, failureRateThreshold,
                slidingWindowSize, minimumNumberOfCalls, openStateWait, halfOpenCalls);
    }

    public static ResilienceConfig defaults() {
        return new ResilienceConfig(3, Duration.ofMillis(200), 2.0, 0.5, Duration.ofSeconds(5), 50f, 10, 5,
                Duration.ofSeconds(30), 2);
    }

    /** The variables read for one sink, e.g. {@code QUIVER_CLICKHOUSE_RETRY_MAX_ATTEMPTS} for prefix {@code QUIVER_CLICKHOUSE_}. */
    static List<EnvKey> keys(String sinkPrefix) {
        ResilienceConfig d = defaults();
        return List.of(
                new EnvKey(sinkPrefix + RETRY_MAX_ATTEMPTS, String.valueOf(d.maxAttempts),
                        "calls per write, the first included (1 = no retry)"),
                new EnvKey(sinkPrefix + RETRY_INITIAL_BACKOFF, "200ms", "wait before the first retry"),
                new EnvKey(sinkPrefix + RETRY_MULTIPLIER, String.valueOf(d.multiplier), "backoff growth per retry"),
                new EnvKey(sinkPrefix + RETRY_JITTER, String.valueOf(d.jitter),
                        "random spread of each wait, as a fraction (0.5 = ±50%)"),
                new EnvKey(sinkPrefix + RETRY_MAX_BACKOFF, "5s", "longest wait between retries"),
                new EnvKey(sinkPrefix + BREAKER_FAILURE_RATE, "50", "failure percentage that opens the breaker"),
                new EnvKey(sinkPrefix + BREAKER_WINDOW, String.valueOf(d.slidingWindowSize),
                        "calls the failure rate is computed over"),
                new EnvKey(sinkPrefix + BREAKER_MIN_CALLS, String.valueOf(d.minimumNumberOfCalls),
                        "calls needed before the breaker may open"),
                new EnvKey(sinkPrefix + BREAKER_OPEN_WAIT, "30s", "how long the breaker stays open before a trial"),
                new EnvKey(sinkPrefix + BREAKER_HALF_OPEN_CALLS, String.valueOf(d.halfOpenCalls),
                        "trial calls that decide whether the breaker closes"));
    }

    /**
     * The configuration of one sink from its {@code <sinkPrefix>RETRY_*} and {@code <sinkPrefix>BREAKER_*}
     * variables, e.g. {@code fromEnvironment(System.getenv(), ClickHouseSinkConfig.PREFIX)}.
     *
     * @throws IllegalArgumentException for a malformed or unknown {@code RETRY_}/{@code BREAKER_} variable
     */
    public static ResilienceConfig fromEnvironment(Map<String, String> env, String sinkPrefix) {
        List<EnvKey> keys = keys(sinkPrefix);
        EnvConfig config = new EnvConfig(env);
        for (String part : EnvConfig.RESILIENCE_PARTS) {
            config.rejectUnknown(sinkPrefix + part, keys, List.of());
        }
        return new ResilienceConfig(config.integer(keys.get(0)), config.duration(keys.get(1)), config.decimal(keys.get(2)),
                config.decimal(keys.get(3)), config.duration(keys.get(4)), (float) config.decimal(keys.get(5)),
                config.integer(keys.get(6)), config.integer(keys.get(7)), config.duration(keys.get(8)),
                config.integer(keys.get(9)));
    }

    /** What each variable configures, with its default. */
    public static String help(String sinkPrefix) {
        return EnvConfig.help("Retry and circuit breaker (" + sinkPrefix + "*):", keys(sinkPrefix));
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration but was " + value);
        }
    }
}
