package dev.quiver.bridge.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.settings.QuiverCommandLine;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The flags of {@code quiver events generate}, parsed into its {@link GenerateConfig}. */
class GenerateCommandTest {

    private static GenerateCommand parse(String... args) {
        GenerateCommand command = new GenerateCommand();
        QuiverCommandLine.of(command).parseArgs(args);
        return command;
    }

    @Test
    void defaults() {
        GenerateCommand command = parse();
        GenerateConfig config = command.config();

        assertThat(command.streams.nats.url())
                .isEqualTo(System.getenv().getOrDefault("QUIVER_NATS_URL", "nats://127.0.0.1:4222"));
        assertThat(config.subjectPrefix())
                .isEqualTo(System.getenv().getOrDefault("QUIVER_EVENTS_SUBJECT_PREFIX", "quiver.events"));
        assertThat(config.count()).isEqualTo(100_000);
        assertThat(config.rate()).isEqualTo(10_000);
        assertThat(config.payloadBytes()).isEqualTo(200);
        assertThat(config.entityType()).isEqualTo("Order");
        assertThat(config.maxInFlight()).isEqualTo(2_000);
        assertThat(config.ackTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.seed()).isNull();
        assertThat(config.summaryJson()).isNull();
    }

    @Test
    void flagsAreTyped() {
        GenerateCommand command = parse("--rate", "0", "--count=1000000", "--payload-bytes", "1024", "--seed", "3",
                "--entity-type", "Invoice", "--max-in-flight", "500", "--summary-json", "out/summary.json",
                "--nats-url", "nats://h:1", "--events-subject-prefix", "x.events", "--events-stream", "X");
        GenerateConfig config = command.config();

        assertThat(command.streams.nats.url()).isEqualTo("nats://h:1");
        assertThat(config).isEqualTo(new GenerateConfig("x.events", 1_000_000, 0, 1024, "Invoice", 500, 3L,
                Path.of("out/summary.json"), Duration.ofSeconds(30)));
    }

    @Test
    void theAckTimeoutTakesTheOneDurationSyntax() {
        assertThat(parse("--ack-timeout", "1.5s").config().ackTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(parse("--ack-timeout", "PT2M").config().ackTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(parse("--ack-timeout", "45").config().ackTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThatThrownBy(() -> parse("--ack-timeout", "30 seconds"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--ack-timeout");
        assertThatThrownBy(() -> parse("--ack-timeout", "0s").config())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--ack-timeout must be at least 1ms");
    }

    @Test
    void badValuesAreRefusedWithTheRule() {
        assertThatThrownBy(() -> parse("--count", "lots"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--count");
        assertThatThrownBy(() -> parse("--count"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--count");
        assertThatThrownBy(() -> parse("--rate", "-1").config()).hasMessageContaining("--rate must be 0");
        assertThatThrownBy(() -> parse("--payload-bytes", "2000000").config())
                .hasMessageContaining("--payload-bytes must be 0..1000000");
        assertThatThrownBy(() -> parse("--entity-type", "9lives").config())
                .hasMessageContaining("--entity-type must be a name");
    }
}
