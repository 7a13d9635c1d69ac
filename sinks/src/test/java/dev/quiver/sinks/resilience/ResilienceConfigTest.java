package dev.quiver.sinks.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResilienceConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        assertThat(ResilienceConfig.defaults()).isEqualTo(new ResilienceConfig(3, Duration.ofMillis(200), 2.0, 0.5,
                Duration.ofSeconds(5), 50f, 10, 5, Duration.ofSeconds(30), 2));
        assertThat(ResilienceConfig.fromEnvironment(Map.of(), "QUIVER_CLICKHOUSE_")).isEqualTo(ResilienceConfig.defaults());
    }

    @Test
    void eachSinkReadsItsOwnVariables() {
        Map<String, String> env = Map.of(
                "QUIVER_CLICKHOUSE_RETRY_MAX_ATTEMPTS", "5",
                "QUIVER_CLICKHOUSE_RETRY_INITIAL_BACKOFF", "50ms",
                "QUIVER_CLICKHOUSE_RETRY_MULTIPLIER", "1.5",
                "QUIVER_CLICKHOUSE_RETRY_JITTER", "0.2",
                "QUIVER_CLICKHOUSE_RETRY_MAX_BACKOFF", "2s",
                "QUIVER_CLICKHOUSE_BREAKER_FAILURE_RATE", "75",
                "QUIVER_CLICKHOUSE_BREAKER_WINDOW", "20",
                "QUIVER_CLICKHOUSE_BREAKER_MIN_CALLS", "10",
                "QUIVER_CLICKHOUSE_BREAKER_OPEN_WAIT", "1m",
                "QUIVER_CLICKHOUSE_BREAKER_HALF_OPEN_CALLS", "3");

        assertThat(ResilienceConfig.fromEnvironment(env, "QUIVER_CLICKHOUSE_")).isEqualTo(new ResilienceConfig(5,
                Duration.ofMillis(50), 1.5, 0.2, Duration.ofSeconds(2), 75f, 20, 10, Duration.ofMinutes(1), 3));
        assertThat(ResilienceConfig.fromEnvironment(env, "QUIVER_ELASTICSEARCH_")).isEqualTo(ResilienceConfig.defaults());
    }

    @Test
    void anUnknownRetryOrBreakerVariableIsRejected() {
        assertThatThrownBy(() -> ResilienceConfig.fromEnvironment(Map.of("QUIVER_CLICKHOUSE_RETRY_ATTEMPTS", "5"),
                "QUIVER_CLICKHOUSE_"))
                .hasMessageContaining("unknown configuration variable(s) [QUIVER_CLICKHOUSE_RETRY_ATTEMPTS]");
    }

    @Test
    void invalidSettingsAreRejectedWithTheirName() {
        assertThatThrownBy(() -> new ResilienceConfig(0, Duration.ofMillis(1), 2, 0.5, Duration.ofSeconds(1), 50, 10, 5,
                Duration.ofSeconds(1), 1)).hasMessageContaining("maxAttempts must be >= 1");
        assertThatThrownBy(() -> new ResilienceConfig(3, Duration.ofSeconds(2), 2, 0.5, Duration.ofSeconds(1), 50, 10, 5,
                Duration.ofSeconds(1), 1)).hasMessageContaining("maxBackoff (PT1S) must not be below initialBackoff (PT2S)");
        assertThatThrownBy(() -> new ResilienceConfig(3, Duration.ofMillis(1), 2, 1.0, Duration.ofSeconds(1), 50, 10, 5,
                Duration.ofSeconds(1), 1)).hasMessageContaining("jitter must be a fraction in [0, 1)");
        assertThatThrownBy(() -> new ResilienceConfig(3, Duration.ofMillis(1), 2, 0.5, Duration.ofSeconds(1), 0, 10, 5,
                Duration.ofSeconds(1), 1)).hasMessageContaining("failureRateThreshold");
        assertThatThrownBy(() -> new ResilienceConfig(3, Duration.ofMillis(1), 2, 0.5, Duration.ofSeconds(1), 50, 10, 11,
                Duration.ofSeconds(1), 1)).hasMessageContaining("minimumNumberOfCalls must be in [1, slidingWindowSize=10]");
    }

    @Test
    void helpNamesTheVariablesOfTheSink() {
        assertThat(ResilienceConfig.help("QUIVER_ELASTICSEARCH_")).contains("QUIVER_ELASTICSEARCH_RETRY_MAX_ATTEMPTS")
                .contains("QUIVER_ELASTICSEARCH_BREAKER_OPEN_WAIT");
    }
}
