package dev.quiver.settings;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SettingsTest {
    @Test
    void listsEveryOptionOfTheTreeWithItsVariableAndDefault() {
        assertThat(Settings.declaredIn(QuiverCommandLine.of(new QuiverCommandLineTest.Demo()))).containsExactly(
                new Setting("demo", "--wait", "QUIVER_TEST_UNSET_WAIT", "5s", "Duration", "How long to wait."),
                new Setting("demo", "--rows", "QUIVER_TEST_UNSET_ROWS", "10", "int", "Rows."),
                new Setting("demo child", "--linger", "QUIVER_TEST_UNSET_LINGER", "250ms", "Duration", "Linger."));
    }
}
