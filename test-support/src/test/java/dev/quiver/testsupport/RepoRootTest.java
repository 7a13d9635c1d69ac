package dev.quiver.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepoRootTest {
    @TempDir
    Path temp;

    private Path checkout() throws IOException {
        Path root = temp.resolve("checkout");
        Files.createDirectories(root.resolve("scripts"));
        Files.writeString(root.resolve("scripts/services.sh"), "#!/bin/sh\n");
        return root;
    }

    @Test
    void walksUpFromAModuleDirectory() throws IOException {
        Path root = checkout();
        Path module = Files.createDirectories(root.resolve("resilience-tests/target"));

        assertThat(RepoRoot.find(Map.<String, String>of()::get, module)).isEqualTo(root);
    }

    @Test
    void findsTheRootItself() throws IOException {
        Path root = checkout();

        assertThat(RepoRoot.find(Map.<String, String>of()::get, root)).isEqualTo(root);
    }

    @Test
    void quiverHomeWinsOverTheWalk() throws IOException {
        Path root = checkout();
        Path elsewhere = Files.createDirectories(temp.resolve("elsewhere"));

        assertThat(RepoRoot.find(Map.of("QUIVER_HOME", root.toString())::get, elsewhere)).isEqualTo(root);
    }

    @Test
    void quiverHomeWithoutTheScriptIsAnError() throws IOException {
        Path notACheckout = Files.createDirectories(temp.resolve("empty"));

        assertThatThrownBy(() -> RepoRoot.find(Map.of("QUIVER_HOME", notACheckout.toString())::get, notACheckout))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("QUIVER_HOME")
                .hasMessageContaining("scripts/services.sh");
    }

    @Test
    void noScriptAnywhereUpwardsIsAnError() throws IOException {
        Path lonely = Files.createDirectories(temp.resolve("a/b"));

        assertThatThrownBy(() -> RepoRoot.find(Map.<String, String>of()::get, lonely))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("QUIVER_HOME");
    }
}
