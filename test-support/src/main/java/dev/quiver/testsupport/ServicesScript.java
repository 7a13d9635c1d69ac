package dev.quiver.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code bash scripts/services.sh <command> [NAME]} from the repository root and waits for it, bounded: the one
 * way tests control the services of {@code scripts/services.sh}, those of {@link ServiceName} (through
 * {@link Services}) and the optional ones such as the {@code nats-cluster} and its nodes.
 */
public final class ServicesScript {
    private static final Logger LOG = LoggerFactory.getLogger(ServicesScript.class);

    private final Supplier<Path> repoRoot;

    public ServicesScript(Supplier<Path> repoRoot) {
        this.repoRoot = repoRoot;
    }

    /** The script of the checkout found from {@code QUIVER_HOME} or {@code user.dir} (see {@link RepoRoot}). */
    public static ServicesScript ofCheckout() {
        return new ServicesScript(RepoRoot::find);
    }

    /**
     * Runs the script with {@code args} (e.g. {@code kill nats-c2}) and returns what it printed.
     *
     * @throws ServicesScriptException when it exits non-zero, does not finish within {@code timeout} (it is then
     *                                 stopped), cannot be started, or the wait is interrupted; with its output
     */
    public String run(Duration timeout, String... args) {
        Path root = repoRoot.get();
        List<String> command = new ArrayList<>(List.of("bash", root.resolve(RepoRoot.SCRIPT).toString()));
        command.addAll(List.of(args));
        String shown = RepoRoot.SCRIPT + " " + String.join(" ", args);
        LOG.info("running {}", shown);
        Path output = null;
        try {
            // Output goes to a file, not a pipe: a server the script starts in the background inherits it,
            // and a pipe would then never reach end-of-file.
            output = Files.createTempFile("quiver-services-", ".log");
            Process process = new ProcessBuilder(command)
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new ServicesScriptException("`" + shown + "` did not finish within " + timeout.toSeconds()
                        + " s and was stopped", read(output));
            }
            if (process.exitValue() != 0) {
                throw new ServicesScriptException("`" + shown + "` failed with exit code " + process.exitValue(),
                        read(output));
            }
            LOG.info("{} done", shown);
            return read(output);
        } catch (IOException e) {
            throw new ServicesScriptException("could not run `" + shown + "` in " + root, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServicesScriptException("interrupted while running `" + shown + "`", e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException e) {
                    LOG.debug("temp file {} left behind: {}", output, e.toString());
                }
            }
        }
    }

    private static String read(Path output) {
        try {
            return new String(Files.readAllBytes(output), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e.getMessage() + ")";
        }
    }
}
