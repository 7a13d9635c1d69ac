package dev.quiver.bridge.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Command-line handling of {@link QuiverEventsTool} that needs no NATS: help, usage errors, exit codes. */
class DlqToolUsageTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return QuiverEventsTool.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void eachCommandHasHelp() {
        assertThat(run("dlq", "list", "--help")).isZero();
        assertThat(out()).contains("Usage: quiver dlq list", "--limit", "Exit status");
        assertThat(run("dlq", "replay", "--help")).isZero();
        assertThat(out()).contains("Usage: quiver dlq replay", "--purge", "duplicate window");
        assertThat(run("events", "generate", "--help")).isZero();
        assertThat(out()).contains("Usage: quiver events generate");
        assertThat(run("--help")).isZero();
        assertThat(out()).contains("quiver dlq replay");
    }

    @Test
    void noArgumentsIsUsageError() {
        assertThat(run()).isEqualTo(2);
        assertThat(err()).contains("quiver dlq list");
    }

    @Test
    void unknownCommandsAreUsageErrors() {
        assertThat(run("dlq", "drop")).isEqualTo(2);
        assertThat(err()).contains("unknown command 'dlq drop'");
        assertThat(run("dlq")).isEqualTo(2);
        assertThat(err()).contains("quiver dlq: which command? 'quiver dlq list' or 'quiver dlq replay'");
    }

    @Test
    void replayWithoutSelectionIsRefusedBeforeConnecting() {
        assertThat(run("dlq", "replay", "--nats-url", "nats://127.0.0.1:1")).isEqualTo(2);
        assertThat(err()).contains("quiver dlq replay: say which letters to replay: --all, or --seq")
                .contains("Run 'quiver dlq replay --help'");
    }

    @Test
    void anUnreachableNatsSaysHowToStartIt() {
        assertThat(run("dlq", "list", "--nats-url", "nats://127.0.0.1:1")).isEqualTo(1);
        assertThat(err()).contains("cannot reach NATS at nats://127.0.0.1:1", "scripts/services.sh up");
    }
}
