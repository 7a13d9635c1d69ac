package dev.quiver.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The script runner against a stand-in {@code scripts/services.sh}. */
class ScriptServiceBackendTest {
    @TempDir
    Path root;

    private ScriptServiceBackend backendWithScript(String body) throws IOException {
        Files.createDirectories(root.resolve("scripts"));
        Files.writeString(root.resolve("scripts/services.sh"), "#!/usr/bin/env bash\n" + body);
        return new ScriptServiceBackend(ServiceSettings.fromEnvironment(Map.<String, String>of()::get), () -> root);
    }

    @Test
    void passesOperationAndServiceNameAndRunsFromTheRoot() throws IOException {
        ScriptServiceBackend backend = backendWithScript("echo \"$1 $2\" > \"$PWD/called.txt\"\n");

        backend.control(ServiceOperation.RESTART, ServiceName.CLICKHOUSE);

        assertThat(Files.readString(root.resolve("called.txt"))).isEqualTo("restart clickhouse\n");
    }

    @Test
    void nonZeroExitThrowsWithTheScriptOutput() throws IOException {
        ScriptServiceBackend backend = backendWithScript("echo 'no pid file for redis' >&2\nexit 3\n");

        assertThatThrownBy(() -> backend.control(ServiceOperation.KILL, ServiceName.REDIS))
                .isInstanceOf(ServiceControlException.class)
                .hasMessageContaining("scripts/services.sh kill redis")
                .hasMessageContaining("exit code 3")
                .hasMessageContaining("no pid file for redis")
                .satisfies(e -> assertThat(((ServiceControlException) e).service()).isEqualTo(ServiceName.REDIS));
    }

    @Test
    void aBackgroundChildHoldingTheOutputDoesNotBlock() throws IOException {
        // like a script that starts a server in the background: the child keeps stdout open. It outlives the
        // operation's time limit, so a runner that waited for the output's end-of-file either fails with the
        // timeout or returns only once the child is done (it then leaves child.done behind); a correct runner
        // returns at once. (A marker file, not isAlive(): an orphan that ended may linger unreaped as a zombie.)
        long childSeconds = ServiceOperation.RESUME.timeout().toSeconds() + 30;
        ScriptServiceBackend backend = backendWithScript("(sleep " + childSeconds + "; touch \"$PWD/child.done\") &\n"
                + "echo $! > \"$PWD/child.pid\"\necho started\n");
        try {
            assertThatCode(() -> backend.control(ServiceOperation.RESUME, ServiceName.NATS)).doesNotThrowAnyException();
            assertThat(root.resolve("child.done")).as("the background child had ended when control returned")
                    .doesNotExist();
        } finally {
            child().ifPresent(child -> {
                child.descendants().forEach(ProcessHandle::destroyForcibly);
                child.destroyForcibly();
            });
        }
    }

    private Optional<ProcessHandle> child() throws IOException {
        Path pidFile = root.resolve("child.pid");
        return Files.exists(pidFile) ? ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()))
                : Optional.empty();
    }
}
