package dev.quiver.bridge.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class GenerateConfigTest {

    @Test
    void defaultsAndEnvironment() {
        GenerateConfig config = GenerateConfig.parse(new String[0], Map.of("QUIVER_NATS_URL", "nats://h:1"));

        assertThat(config.natsUrl()).isEqualTo("nats://h:1");
        assertThat(config.count()).isEqualTo(100_000);
        assertThat(config.rate()).isEqualTo(10_000);
        assertThat(config.subjectPrefix()).isEqualTo("quiver.events");
    }

    @Test
    void flagsOverride() {
        GenerateConfig config = GenerateConfig.parse(new String[] {"--rate", "0", "--count=1_000_000",
                "--payload-bytes", "1024", "--seed", "3"}, Map.of());

        assertThat(config.rate()).isZero();
        assertThat(config.count()).isEqualTo(1_000_000);
        assertThat(config.payloadBytes()).isEqualTo(1024);
        assertThat(config.seed()).isEqualTo(3L);
    }

    @Test
    void unknownFlagNamesTheKnownOnes() {
        assertThatThrownBy(() -> GenerateConfig.parse(new String[] {"--rat", "5"}, Map.of()))
                .hasMessageContaining("unknown option --rat").hasMessageContaining("--rate");
    }

    @Test
    void notANumber() {
        assertThatThrownBy(() -> GenerateConfig.parse(new String[] {"--count", "lots"}, Map.of()))
                .hasMessageContaining("--count must be a whole number");
    }

    @Test
    void negativeRate() {
        assertThatThrownBy(() -> GenerateConfig.parse(new String[] {"--rate", "-1"}, Map.of()))
                .hasMessageContaining("--rate must be 0");
    }

    @Test
    void oversizedPayload() {
        assertThatThrownBy(() -> GenerateConfig.parse(new String[] {"--payload-bytes", "2000000"}, Map.of()))
                .hasMessageContaining("--payload-bytes must be 0..1000000");
    }

    @Test
    void missingValue() {
        assertThatThrownBy(() -> GenerateConfig.parse(new String[] {"--count"}, Map.of()))
                .hasMessageContaining("--count needs a value");
    }
}
