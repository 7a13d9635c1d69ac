package dev.quiver.sinks.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvConfigTest {
    private static final EnvKey TIMEOUT = new EnvKey("X_TIMEOUT", "5s", "a timeout");
    private static final EnvKey COUNT = new EnvKey("X_COUNT", "3", "a count");
    private static final EnvKey SECRET = new EnvKey("X_SECRET", "", "a secret");

    @Test
    void unsetAndBlankVariablesMeanTheDefault() {
        EnvConfig config = new EnvConfig(Map.of("X_COUNT", "  "));

        assertThat(config.duration(TIMEOUT)).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.integer(COUNT)).isEqualTo(3);
        assertThat(config.isSet(COUNT)).isFalse();
    }

    @Test
    void valuesAreTrimmedButSecretsAreTakenAsGiven() {
        EnvConfig config = new EnvConfig(Map.of("X_COUNT", " 7 ", "X_SECRET", " pw "));

        assertThat(config.integer(COUNT)).isEqualTo(7);
        assertThat(config.secret(SECRET)).isEqualTo(" pw ");
        assertThat(new EnvConfig(Map.of("X_SECRET", "")).secret(SECRET)).isEmpty();
    }

    @Test
    void durationsTakeShortAndIsoForms() {
        assertThat(EnvConfig.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(EnvConfig.parseDuration("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(EnvConfig.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(EnvConfig.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(EnvConfig.parseDuration("PT1.5S")).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void aMalformedDurationNamesTheVariableAndTheAcceptedForms() {
        assertThatThrownBy(() -> new EnvConfig(Map.of("X_TIMEOUT", "5 seconds")).duration(TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("X_TIMEOUT must be a duration such as 250ms, 5s, 2m, 1h or PT5S but was '5 seconds'");
    }

    @Test
    void aMalformedNumberNamesTheVariable() {
        assertThatThrownBy(() -> new EnvConfig(Map.of("X_COUNT", "three")).integer(COUNT))
                .hasMessage("X_COUNT must be a whole number but was 'three'");
    }

    @Test
    void unknownVariablesUnderThePrefixAreRejectedUnlessDelegated() {
        EnvConfig config = new EnvConfig(Map.of("X_COUNT", "1", "X_RETRY_MAX", "2", "X_TIMEOTU", "1s", "Y_OTHER", "z"));

        assertThatThrownBy(() -> config.rejectUnknown("X_", List.of(TIMEOUT, COUNT, SECRET), List.of("RETRY_")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown configuration variable(s) [X_TIMEOTU]; the known X_* variables are"
                        + " [X_TIMEOUT, X_COUNT, X_SECRET]");
        new EnvConfig(Map.of("X_COUNT", "1", "X_RETRY_MAX", "2", "Y_OTHER", "z"))
                .rejectUnknown("X_", List.of(TIMEOUT, COUNT, SECRET), List.of("RETRY_"));
    }

    @Test
    void helpListsEveryKeyWithItsDefault() {
        String help = EnvConfig.help("Title:", List.of(TIMEOUT, SECRET));

        assertThat(help).startsWith("Title:").contains("X_TIMEOUT").contains("a timeout (default: 5s)")
                .contains("a secret (default: empty)");
    }
}
