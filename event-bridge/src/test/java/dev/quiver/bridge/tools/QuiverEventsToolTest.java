package dev.quiver.bridge.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.settings.QuiverCommandLine;
import dev.quiver.settings.Setting;
import dev.quiver.settings.Settings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The {@code quiver events} / {@code quiver dlq} command lines end to end without NATS: help from the declarations,
 * usage errors (exit 2) and a NATS that cannot be reached (exit 1, which shows the options were accepted).
 */
class QuiverEventsToolTest {
    private static final String NO_NATS = "nats://127.0.0.1:1";

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    /** Runs the tool as {@link QuiverEventsTool#main} does, capturing what it prints. */
    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine tool = QuiverCommandLine.of(new QuiverEventsTool());
        tool.setOut(new PrintWriter(out, true));
        tool.setErr(new PrintWriter(err, true));
        return tool.execute(args);
    }

    private String out() {
        return out.toString();
    }

    private String err() {
        return err.toString();
    }

    @Test
    void generateHelpComesFromTheDeclarations() {
        assertThat(run("events", "generate", "--help")).isZero();

        assertThat(out()).contains("Usage: quiver events generate", "--count", "--rate", "--ack-timeout",
                "--nats-url", "QUIVER_NATS_URL", "nats://127.0.0.1:4222",
                "--events-subject-prefix", "QUIVER_EVENTS_SUBJECT_PREFIX", "quiver.events",
                "--events-stream", "QUIVER_EVENTS_STREAM", "--dlq-stream", "QUIVER_DLQ_STREAM");
    }

    @Test
    void dlqHelpComesFromTheDeclarations() {
        assertThat(run("dlq", "replay", "--help")).isZero();
        assertThat(out()).contains("Usage: quiver dlq replay", "--all", "--seq", "--purge", "--dry-run",
                "duplicate window", "--dlq-stream", "QUIVER_DLQ_STREAM", "QUIVER_DLQ", "Exit status");

        assertThat(run("dlq", "list", "--help")).isZero();
        assertThat(out()).contains("Usage: quiver dlq list", "--limit", "--format", "--dlq-stream", "Exit status");

        assertThat(run("--help")).isZero();
        assertThat(out()).contains("events", "dlq");
    }

    @Test
    void theSharedFlagNamesAreAccepted() {
        assertThat(run("events", "generate", "--count", "1", "--events-subject-prefix", "x.events",
                "--events-stream", "X", "--nats-url", NO_NATS)).as(err()).isEqualTo(1);
        assertThat(err()).contains("cannot reach NATS at " + NO_NATS, "scripts/services.sh up");

        assertThat(run("dlq", "list", "--dlq-stream", "MY_DLQ", "--nats-url", NO_NATS)).as(err()).isEqualTo(1);
        assertThat(err()).contains("cannot reach NATS at " + NO_NATS);
    }

    @Test
    void theToolsOwnOldFlagNamesAreRefusedByName() {
        assertThat(run("events", "generate", "--subject-prefix", "x", "--nats-url", NO_NATS)).isEqualTo(2);
        assertThat(err()).contains("--subject-prefix");

        assertThat(run("dlq", "replay", "--all", "--stream", "MY_DLQ", "--nats-url", NO_NATS)).isEqualTo(2);
        assertThat(err()).contains("--stream");
    }

    @Test
    void unknownAndRepeatedFlagsAreRefused() {
        assertThat(run("events", "generate", "--rat", "5")).isEqualTo(2);
        assertThat(err()).contains("--rat");

        assertThat(run("dlq", "list", "--limit", "1", "--limit", "2")).isEqualTo(2);
        assertThat(err()).contains("--limit");
    }

    @Test
    void theAckTimeoutTakesTheOneDurationSyntax() {
        assertThat(run("events", "generate", "--ack-timeout", "1.5s", "--nats-url", NO_NATS)).as(err()).isEqualTo(1);
        assertThat(run("events", "generate", "--ack-timeout", "PT2S", "--nats-url", NO_NATS)).as(err()).isEqualTo(1);

        assertThat(run("events", "generate", "--ack-timeout", "soon", "--nats-url", NO_NATS)).isEqualTo(2);
        assertThat(err()).contains("--ack-timeout");
    }

    @Test
    void numbersAreTyped() {
        assertThat(run("events", "generate", "--count", "lots")).isEqualTo(2);
        assertThat(err()).contains("--count", "lots");

        assertThat(run("events", "generate", "--rate", "-1")).isEqualTo(2);
        assertThat(err()).contains("--rate must be 0");
    }

    @Test
    void missingOrUnknownCommandsAreUsageErrors() {
        assertThat(run()).isEqualTo(2);
        assertThat(err()).contains("quiver: which command? 'quiver events' or 'quiver dlq'");
        assertThat(run("dlq")).isEqualTo(2);
        assertThat(err()).contains("quiver dlq: which command? 'quiver dlq list' or 'quiver dlq replay'");
        assertThat(run("events")).isEqualTo(2);
        assertThat(err()).contains("quiver events: which command? 'quiver events generate' or 'quiver events consume'");
        assertThat(run("dlq", "drop")).isEqualTo(2);
        assertThat(err()).contains("drop");
    }

    @Test
    void replayWithoutSelectionIsRefusedBeforeConnecting() {
        assertThat(run("dlq", "replay", "--nats-url", NO_NATS)).isEqualTo(2);
        assertThat(err()).startsWith("quiver dlq replay: say which letters to replay: --all, or --seq");
    }

    @Test
    void anUnreachableNatsSaysHowToStartIt() {
        assertThat(run("dlq", "list", "--nats-url", NO_NATS)).isEqualTo(1);
        assertThat(err()).contains("cannot reach NATS at " + NO_NATS, "scripts/services.sh up");
    }

    @Test
    void everyOptionReadsItsEnvironmentVariable() {
        List<Setting> settings = Settings.declaredIn(QuiverCommandLine.of(new QuiverEventsTool()));

        assertThat(settings).extracting(Setting::commandPath).containsOnly("quiver events generate",
                "quiver events consume", "quiver dlq list", "quiver dlq replay");
        for (Setting setting : settings) {
            String flag = setting.longName().substring(2).toUpperCase(Locale.ROOT).replace('-', '_');
            String program = setting.commandPath().split(" ")[1].toUpperCase(Locale.ROOT);
            List<String> shared = List.of("--nats-url", "--events-stream", "--events-subject-prefix", "--dlq-stream",
                    "--dlq-subject-prefix");
            // what one replay (or one consume) does is an argument of that run, never taken from a variable left in a
            // shell
            List<String> arguments = List.of("--all", "--seq", "--dry-run", "--purge", "--subject", "--ack");
            String expected = arguments.contains(setting.longName()) ? ""
                    : shared.contains(setting.longName()) ? "QUIVER_" + flag : "QUIVER_" + program + "_" + flag;
            assertThat(setting.envVariable()).as(setting.toString()).isEqualTo(expected);
        }
    }
}
