package dev.quiver.sinks.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResilienceConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        assertThat(ResilienceConfig.defaults()).isEqualTo(new ResilienceConfig(3, Duration.ofMillis(200), 2.0, 0.5,
                Duration.ofSeconds(5), 50f, 10, 5, Duration.ofSeconds(30), 2));
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
}
