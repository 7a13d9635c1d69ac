package dev.quiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.client.fake.FakeQuiverProducer;
import dev.quiver.client.fake.FakeQuiverServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded {@code cli/target/quiver-cli.jar} as users run it ({@code java -jar}, what bin/quiver does), with
 * settings from environment variables: the one place they can be set, since picocli reads the real environment.
 */
@Timeout(120)
class QuiverJarIT {
    private static final long RUN_SECONDS = 60;

    @TempDir
    Path directory;

    @Test
    void theServerComesFromQuiverUrl() throws Exception {
        try (FakeQuiverServer server = FakeQuiverServer.start()) {
            Run run = quiver(Map.of("QUIVER_URL", server.uri().toString()), "health");
            assertThat(run.status()).as(run.stderr()).isZero();
            assertThat(run.stdout()).isEqualTo(FakeQuiverProducer.HEALTH_JSON + "\n");
        }
    }

    @Test
    void aBadQuiverUrlIsAUsageErrorNamingTheVariable() throws Exception {
        Run run = quiver(Map.of("QUIVER_URL", "localhost"), "health");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.stderr()).startsWith("quiver health: QUIVER_URL: server URI 'localhost' needs a scheme and host");
    }

    @Test
    void theTokenComesFromTheEnvironment() throws Exception {
        try (FakeQuiverServer server = FakeQuiverServer.startWithAuth()) {
            Run run = quiver(Map.of("QUIVER_URL", server.uri().toString(), "QUIVER_TOKEN", FakeQuiverServer.STATIC_TOKEN,
                    "QUIVER_FORMAT", "csv"), "query", "{ users { id } }");
            assertThat(run.status()).as(run.stderr()).isZero();
            assertThat(run.stdout()).startsWith("id,name,");
            assertThat(server.producer().peers()).containsExactly("token-holder");
        }
    }

    @Test
    void credentialFlagsReplaceTheEnvironmentsToken() throws Exception {
        try (FakeQuiverServer server = FakeQuiverServer.startWithAuth()) {
            Run run = quiver(Map.of("QUIVER_URL", server.uri().toString(), "QUIVER_TOKEN", "stale"),
                    "sdl", "--user", FakeQuiverServer.USER, "--password", FakeQuiverServer.PASSWORD);
            assertThat(run.status()).as(run.stderr()).isZero();
            assertThat(run.stdout()).isEqualTo(FakeQuiverProducer.SDL);
        }
    }

    @Test
    void aUserFlagTakesThePasswordFromTheEnvironment() throws Exception {
        try (FakeQuiverServer server = FakeQuiverServer.startWithAuth()) {
            Run run = quiver(Map.of("QUIVER_URL", server.uri().toString(), "QUIVER_PASSWORD", FakeQuiverServer.PASSWORD),
                    "query", "{ users { id } }", "--user", FakeQuiverServer.USER, "-f", "json");
            assertThat(run.status()).as(run.stderr()).isZero();
            assertThat(server.producer().peers()).containsExactly(FakeQuiverServer.USER);
        }
    }

    @Test
    void versionIsTheProjectVersion() throws Exception {
        Run run = quiver(Map.of(), "--version");
        assertThat(run.status()).isZero();
        assertThat(run.stdout()).matches("quiver \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\n");
    }

    @Test
    void completionIsGeneratedFromTheSameDeclarations() throws Exception {
        Run run = quiver(Map.of(), "generate-completion");
        assertThat(run.status()).isZero();
        assertThat(run.stdout()).contains("complete -F _complete_quiver", "query", "--limit-display", "--trusted-cert")
                .contains("(\"table\" \"csv\" \"json\" \"arrow\") # --format values");
    }

    private record Run(int status, String stdout, String stderr) {
    }

    /** Runs the jar with the given QUIVER_* variables and no others from this process. */
    private Run quiver(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("quiver.cli.jar", "target/quiver-cli.jar")).toAbsolutePath();
        assertThat(jar).as("the cli jar; `mvn -pl cli -am package` builds it").isRegularFile();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        command.addAll(List.of(args));
        Path out = directory.resolve("stdout");
        Path err = directory.resolve("stderr");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("QUIVER_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(RUN_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("quiver " + String.join(" ", args) + " did not finish within " + RUN_SECONDS + " s");
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
