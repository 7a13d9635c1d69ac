package dev.quiver.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The services {@code scripts/services.sh} runs as local processes. Control operations run
 * {@code bash scripts/services.sh <op> <name>} from the repository root.
 */
final class ScriptServiceBackend implements ServiceBackend {
    private static final Logger LOG = LoggerFactory.getLogger(ScriptServiceBackend.class);

    private final ServiceSettings settings;
    private final Supplier<Path> repoRoot;

    ScriptServiceBackend(ServiceSettings settings, Supplier<Path> repoRoot) {
        this.settings = settings;
        this.repoRoot = repoRoot;
    }

    @Override
    public ServiceSettings settings() {
        return settings;
    }

    @Override
    public String description() {
        return "local services (" + RepoRoot.SCRIPT + ")";
    }

    @Override
    public void control(ServiceOperation operation, ServiceName service) {
        Path root = repoRoot.get();
        List<String> command = List.of("bash", root.resolve(RepoRoot.SCRIPT).toString(), operation.verb(),
                service.scriptName());
        String shown = RepoRoot.SCRIPT + " " + operation.verb() + " " + service.scriptName();
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
            boolean finished = process.waitFor(operation.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new ServiceControlException(service, "`" + shown + "` did not finish within "
                        + operation.timeout().toSeconds() + " s and was stopped", read(output));
            }
            if (process.exitValue() != 0) {
                throw new ServiceControlException(service, "`" + shown + "` failed with exit code "
                        + process.exitValue(), read(output));
            }
            LOG.info("{} done", shown);
        } catch (IOException e) {
            throw new ServiceControlException(service, "could not run `" + shown + "` in " + root, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceControlException(service, "interrupted while running `" + shown + "`", e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
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
