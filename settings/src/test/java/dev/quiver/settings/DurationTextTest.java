package dev.quiver.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTextTest {
    @ParameterizedTest
    @CsvSource({
        "250ms, PT0.25S", "1s, PT1S", "1.5s, PT1.5S", "10m, PT10M", "2h, PT2H", "1d, PT24H",
        "30, PT30S", "0.5, PT0.5S", "PT30S, PT30S", "pt5m, PT5M", "1_000ms, PT1S", " 2s , PT2S", "0, PT0S"
    })
    void readsUnitsBareSecondsAndIso(String text, String expected) {
        assertThat(DurationText.parse(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ms", "5x", "-1s", "-5", "PT-5S", "1.0000001ms", "5 minutes", "1e3"})
    void refusesAnythingElseNamingTheSyntax(String text) {
        assertThatThrownBy(() -> DurationText.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'")
                .hasMessageContaining("250ms");
    }

    @ParameterizedTest
    @CsvSource({"PT0.25S, 250ms", "PT2S, 2s", "PT10M, 10m", "PT2H, 2h", "PT48H, 2d", "PT1.5S, 1500ms", "PT0S, 0s"})
    void formatsTheShortestExactForm(String iso, String expected) {
        assertThat(DurationText.format(Duration.parse(iso))).isEqualTo(expected);
        assertThat(DurationText.parse(expected)).isEqualTo(Duration.parse(iso));
    }
}
