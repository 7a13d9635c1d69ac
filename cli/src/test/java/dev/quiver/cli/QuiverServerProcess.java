package dev.quiver.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real Quiver server, {@code flight-server/target/quiver-flight-server.jar}, as a child process on a free
 * port (system property {@code quiver.server.jar} names another jar). The client module does not depend on the
 * server, so the full {@code mvn verify} builds that jar first; a missing jar fails the test with how to build it.
 */
final class QuiverServerProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("ready at (grpc\\S*://\\S+)");
    private static final long STARTUP_SECONDS = 90;

    private final Process process;
    private final Path log;
    private final URI uri;

    private QuiverServerProcess(Process process, Path log, URI uri) {
        this.process = process;
        this.log = log;
        this.uri = uri;
    }

    /** Starts the server with a small demo database and {@code args}; waits until it says it is ready. */
    static QuiverServerProcess start(Path log, String... args) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("quiver.server.jar",
                Path.of("..", "flight-server", "target", "quiver-flight-server.jar").toString())).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("the Quiver server jar " + jar + " is missing; build it with"
                    + " `mvn -pl flight-server -am package` (the full `mvn verify` builds it before this module)");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--host", "127.0.0.1", "--flight-port", "0", "--http-port", "0", "--no-relay", "--demo-rows", "200"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STARTUP_SECONDS);
        while (System.nanoTime() < deadline) {
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Matcher ready = READY.matcher(output);
            if (ready.find()) {
                return new QuiverServerProcess(process, log, URI.create(ready.group(1)));
            }
            if (!process.isAlive()) {
                throw new AssertionError("the Quiver server exited with " + process.exitValue() + ":\n" + output);
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new AssertionError("the Quiver server did not say it was ready within " + STARTUP_SECONDS + " s:\n"
                + Files.readString(log, StandardCharsets.UTF_8));
    }

    /** Where it listens, as its banner says ({@code grpc://} or {@code grpc+tls://127.0.0.1:port}). */
    URI uri() {
        return uri;
    }

    int port() {
        return uri.getPort();
    }

    String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
        }
    }
}
