package dev.quiver.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.bridge.internal.Durations;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void readsEveryUnit() {
        assertThat(Durations.parse("x", "250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("x", "1s")).isEqualTo(Duration.ofSeconds(1));
        assertThat(Durations.parse("x", "10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Durations.parse("x", "2H")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("x", "1d")).isEqualTo(Duration.ofDays(1));
        assertThat(Durations.parse("x", " 1_500ms ")).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void refusesWhatIsNotANumberWithAUnit() {
        for (String bad : new String[]{"", "s", "10", "1.5s", "-1s", "10 parsecs", "1w"}) {
            assertThatThrownBy(() -> Durations.parse("batch-time", bad)).as(bad)
                    .hasMessageContaining("--batch-time must be a duration");
        }
    }

    @Test
    void formatsTheShortestExactForm() {
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ofSeconds(30))).isEqualTo("30s");
        assertThat(Durations.format(Duration.ofMinutes(10))).isEqualTo("10m");
        assertThat(Durations.format(Duration.ofHours(2))).isEqualTo("2h");
    }
}
