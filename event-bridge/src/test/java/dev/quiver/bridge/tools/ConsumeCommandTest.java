package dev.quiver.bridge.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.settings.QuiverCommandLine;
import dev.quiver.sinks.api.EventStreamContract;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The flags of {@code quiver events consume}, parsed into its {@link ConsumeConfig}. */
class ConsumeCommandTest {

    private static ConsumeCommand parse(String... args) {
        ConsumeCommand command = new ConsumeCommand();
        QuiverCommandLine.of(command).parseArgs(args);
        return command;
    }

    @Test
    void defaultsFollowTheEventStreamsAndTheBridgesBatch() {
        ConsumeConfig config = parse().config();

        String prefix = System.getenv().getOrDefault("QUIVER_EVENTS_SUBJECT_PREFIX", EventStreamContract.EVENTS_SUBJECT_PREFIX);
        assertThat(config.stream()).isEqualTo(System.getenv().getOrDefault("QUIVER_EVENTS_STREAM", EventStreamContract.EVENTS_STREAM));
        assertThat(config.filterSubject()).isEqualTo(prefix + ".>");
        assertThat(config.count()).isEqualTo(100_000);
        assertThat(config.batchSize()).isEqualTo(10_000);
        assertThat(config.idleTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.ack()).as("as the bridge").isEqualTo(ConsumeConfig.Ack.each);
    }

    @Test
    void flagsAreTyped() {
        ConsumeConfig config = parse("--count=1000000", "--batch-size", "500", "--subject", "x.events.Order.>",
                "--idle-timeout", "1.5s", "--events-stream", "X", "--ack", "last").config();

        assertThat(config).isEqualTo(new ConsumeConfig("X", "x.events.Order.>", 1_000_000, 500, Duration.ofMillis(1500),
                ConsumeConfig.Ack.last));
    }

    @Test
    void boundsAreChecked() {
        assertThatThrownBy(() -> parse("--count", "0").config()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--count");
        assertThatThrownBy(() -> parse("--count", "1", "--batch-size", "0").config())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--batch-size");
        assertThatThrownBy(() -> parse("--idle-timeout", "soon")).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--idle-timeout");
        assertThatThrownBy(() -> parse("--ack", "some")).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("each, last, none");
    }
}
