package dev.quiver.bridge.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.settings.QuiverCommandLine;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The flags of {@code quiver dlq list} and {@code quiver dlq replay}, parsed into their configs. */
class DlqCommandTest {
    private static final String DLQ_STREAM = System.getenv().getOrDefault("QUIVER_DLQ_STREAM", "QUIVER_DLQ");

    private static DlqListConfig list(String... args) {
        DlqListCommand command = new DlqListCommand();
        QuiverCommandLine.of(command).parseArgs(args);
        return command.config();
    }

    private static DlqReplayConfig replay(String... args) {
        DlqReplayCommand command = new DlqReplayCommand();
        QuiverCommandLine.of(command).parseArgs(args);
        return command.config();
    }

    @Test
    void listDefaults() {
        assertThat(list()).isEqualTo(new DlqListConfig(DLQ_STREAM, null, 50, DlqListConfig.Format.TABLE));
    }

    @Test
    void listFlags() {
        assertThat(list("--limit", "5", "--sink=clickhouse", "--format", "json", "--dlq-stream", "MY_DLQ"))
                .isEqualTo(new DlqListConfig("MY_DLQ", "clickhouse", 5, DlqListConfig.Format.JSON));
    }

    @Test
    void listRefusesBadValuesWithTheRule() {
        assertThatThrownBy(() -> list("--format", "xml"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--format");
        assertThatThrownBy(() -> list("--limit", "many"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--limit");
        assertThatThrownBy(() -> list("--limit", "-1")).hasMessageContaining("--limit must be 0 or more");
        assertThatThrownBy(() -> list("--dlq-stream", "a.b")).hasMessageContaining("--dlq-stream must be");
        assertThatThrownBy(() -> list("--sink", " ")).hasMessageContaining("--sink needs a sink name");
        assertThatThrownBy(() -> list("--all"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--all");
        assertThatThrownBy(() -> list("--stream", "MY_DLQ"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--stream");
    }

    @Test
    void replaySequencesAndSwitches() {
        DlqReplayConfig config = replay("--seq", "3,1,3", "--dry-run", "--purge", "--sink", "elasticsearch");

        assertThat(config).isEqualTo(new DlqReplayConfig(DLQ_STREAM, "elasticsearch", List.of(3L, 1L), false, true,
                true));
    }

    @Test
    void replayAllSelectsEveryLetter() {
        assertThat(replay("--all")).isEqualTo(new DlqReplayConfig(DLQ_STREAM, null, List.of(), true, false, false));
    }

    @Test
    void aMissingSelectionIsRefusedWithWhatToDo() {
        assertThatThrownBy(() -> replay("--purge"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--all").hasMessageContaining("--seq");
    }

    @Test
    void badSelectionsAreRefused() {
        assertThatThrownBy(() -> replay("--all", "--seq", "1")).hasMessageContaining("not both");
        assertThatThrownBy(() -> replay("--seq", "1,x"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--seq");
        assertThatThrownBy(() -> replay("--seq", "0")).hasMessageContaining("--seq takes sequences");
        assertThatThrownBy(() -> replay("--all", "--all"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--all");
        assertThatThrownBy(() -> replay("--all", "--force"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--force");
    }
}
