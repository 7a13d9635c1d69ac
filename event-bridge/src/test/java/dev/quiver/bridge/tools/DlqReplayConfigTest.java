package dev.quiver.bridge.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DlqReplayConfigTest {

    @Test
    void sequencesAndSwitches() {
        DlqReplayConfig config = DlqReplayConfig.parse(new String[]{"--seq", "3, 1,3", "--dry-run", "--purge",
                "--sink", "elasticsearch"}, Map.of());

        assertThat(config.sequences()).containsExactly(3L, 1L);
        assertThat(config.all()).isFalse();
        assertThat(config.dryRun()).isTrue();
        assertThat(config.purge()).isTrue();
        assertThat(config.sink()).isEqualTo("elasticsearch");
        assertThat(config.stream()).isEqualTo("QUIVER_DLQ");
    }

    @Test
    void allSelectsEveryLetter() {
        DlqReplayConfig config = DlqReplayConfig.parse(new String[]{"--all"}, Map.of());

        assertThat(config.all()).isTrue();
        assertThat(config.sequences()).isEmpty();
        assertThat(config.dryRun()).isFalse();
        assertThat(config.purge()).isFalse();
    }

    @Test
    void aMissingSelectionIsRefusedWithWhatToDo() {
        assertThatThrownBy(() -> DlqReplayConfig.parse(new String[]{"--purge"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--all").hasMessageContaining("--seq");
    }

    @Test
    void badSelectionsAreRefused() {
        assertThatThrownBy(() -> DlqReplayConfig.parse(new String[]{"--all", "--seq", "1"}, Map.of()))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> DlqReplayConfig.parse(new String[]{"--seq", "1,x"}, Map.of()))
                .hasMessageContaining("--seq takes sequences");
        assertThatThrownBy(() -> DlqReplayConfig.parse(new String[]{"--seq", "0"}, Map.of()))
                .hasMessageContaining("--seq takes sequences");
        assertThatThrownBy(() -> DlqReplayConfig.parse(new String[]{"--all", "--all"}, Map.of()))
                .hasMessageContaining("given twice");
        assertThatThrownBy(() -> DlqReplayConfig.parse(new String[]{"--all", "--force"}, Map.of()))
                .hasMessageContaining("unknown option --force").hasMessageContaining("--dry-run");
        assertThatThrownBy(() -> new DlqReplayConfig("nats://x", "S", null, List.of(), false, false, false))
                .hasMessageContaining("say which letters");
    }
}
