package dev.quiver.resilience.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SuiteScaleTest {

    @Test
    void smokeIsTheDefaultWithTwentySecondsOfSustainedLoad() {
        SuiteScale scale = SuiteScale.parse(null, "");
        assertThat(scale.full()).isFalse();
        assertThat(scale.sustained()).isEqualTo(Duration.ofSeconds(20));
        assertThat(scale.pick(10, 1_000)).isEqualTo(10);
        assertThat(scale.name()).isEqualTo("smoke");
    }

    @Test
    void fullScaleSustainsFiveMinutesUnlessADurationIsGiven() {
        assertThat(SuiteScale.parse("full", null).sustained()).isEqualTo(Duration.ofMinutes(5));
        SuiteScale endurance = SuiteScale.parse("FULL", "PT1H");
        assertThat(endurance.sustained()).isEqualTo(Duration.ofHours(1));
        assertThat(endurance.pick(10L, 1_000L)).isEqualTo(1_000L);
        assertThat(endurance.pick(Duration.ofSeconds(1), Duration.ofSeconds(9))).isEqualTo(Duration.ofSeconds(9));
    }

    @Test
    void aTitleStatesTheParametersOfItsScale() {
        String title = "frozen {5|30} s, {2|5} times, {|at full scale only} (no braces otherwise)";
        assertThat(SuiteScale.parse("smoke", null).resolve(title))
                .isEqualTo("frozen 5 s, 2 times,  (no braces otherwise)");
        assertThat(SuiteScale.parse("full", null).resolve(title))
                .isEqualTo("frozen 30 s, 5 times, at full scale only (no braces otherwise)");
        assertThat(SuiteScale.parse("full", null).resolve("$1 {a\\b|c$d}")).isEqualTo("$1 c$d");
    }

    @Test
    void rejectsAnUnknownScaleAndABadDurationNamingTheProperty() {
        assertThatThrownBy(() -> SuiteScale.parse("huge", null)).hasMessageContaining("-Dresilience.scale")
                .hasMessageContaining("huge");
        assertThatThrownBy(() -> SuiteScale.parse("full", "1 hour")).hasMessageContaining("-Dresilience.duration")
                .hasMessageContaining("PT1H");
        assertThatThrownBy(() -> SuiteScale.parse("full", "PT0S")).hasMessageContaining("positive");
    }
}
