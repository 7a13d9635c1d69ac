package dev.quiver.flight.hostile;

import dev.quiver.testsupport.process.JavaProcess;
import dev.quiver.testsupport.process.JavaProcessSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.apache.arrow.flight.Location;

/**
 * The real server jar ({@code java -Xmx… -jar quiver-flight-server.jar}, what {@code make run} starts) as a child
 * process on the embedded demo data, on ports the server picks itself ({@code --flight-port 0 --http-port 0}: no race for a
 * "free" port). It is ready once its banner names both ports and {@code /health} answers 200. Every failure message
 * carries the tail of the server's log. Close it to kill whatever is still running.
 *
 * <p>The jar is {@code -Dquiver.server.jar} (set by this module's failsafe configuration: the package phase builds
 * it before the integration tests run), else {@code target/quiver-flight-server.jar}.
 */
public final class ServerProcess implements AutoCloseable {
    public static final String JAR_PROPERTY = "quiver.server.jar";
    private static final Pattern FLIGHT = Pattern.compile("Quiver server ready at grpc://[^:\\s]+:(\\d+)");
    private static final Pattern HTTP = Pattern.compile("GraphQL over HTTP: http://[^:\\s]+:(\\d+)/graphql");
    private static final int TAIL_LINES = 40;

    private final JavaProcess process;
    private final int flightPort;
    private final int httpPort;

    private ServerProcess(JavaProcess process, int flightPort, int httpPort) {
        this.process = process;
        this.flightPort = flightPort;
        this.httpPort = httpPort;
    }

    /**
     * Starts the jar with {@code jvmArgs} (e.g. {@code -Xmx256m}) and {@code args} (budgets and timeouts) on loopback
     * and waits, at most {@code startup}, until it serves.
     *
     * @throws IllegalStateException naming the jar's absence, or the process's exit or silence, with its log tail
     */
    public static ServerProcess start(String name, List<String> jvmArgs, List<String> args, Duration startup)
            throws InterruptedException {
        List<String> all = new ArrayList<>(List.of("--host", "127.0.0.1", "--flight-port", "0", "--http-port", "0"));
        all.addAll(args);
        Path logDir = Path.of(System.getProperty("user.dir"), "target", "hostile-it");
        try {
            Files.deleteIfExists(logDir.resolve(name + ".log")); // JavaProcess appends; one run per log
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear the old log of " + name, e);
        }
        JavaProcess process = JavaProcess.start(new JavaProcessSpec(name, jar(), jvmArgs, all,
                Map.of("QUIVER_LOG_LEVEL", "INFO"), logDir));
        try {
            long deadline = System.nanoTime() + startup.toNanos();
            int[] ports = awaitPorts(process, deadline);
            ServerProcess server = new ServerProcess(process, ports[0], ports[1]);
            process.awaitHealthy(server.http("/health"), remaining(deadline));
            return server;
        } catch (RuntimeException | InterruptedException | Error e) {
            process.close();
            throw e;
        }
    }

    /** The jar the build packaged, or a message that says how to build it. */
    static Path jar() {
        String configured = System.getProperty(JAR_PROPERTY);
        Path jar = (configured == null || configured.isBlank()
                ? Path.of(System.getProperty("user.dir"), "target", "quiver-flight-server.jar")
                : Path.of(configured)).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the server jar " + jar + " is missing; run these tests through `mvn verify`"
                    + " (its package phase builds the jar first) or build it with `mvn -B -ntp -pl flight-server -am"
                    + " package -DskipTests` and point -D" + JAR_PROPERTY + " at it");
        }
        return jar;
    }

    /** Both ports from the banner the server prints once Flight and HTTP listen. */
    private static int[] awaitPorts(JavaProcess process, long deadline) throws InterruptedException {
        MatchResult http = process.awaitLog(HTTP, remaining(deadline));
        MatchResult flight = process.awaitLog(FLIGHT, remaining(deadline));
        return new int[] {Integer.parseInt(flight.group(1)), Integer.parseInt(http.group(1))};
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    /** {@code http://127.0.0.1:<port><path>}. */
    public URI http(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    public int httpPort() {
        return httpPort;
    }

    public int flightPort() {
        return flightPort;
    }

    public Location flight() {
        return Location.forGrpcInsecure("127.0.0.1", flightPort);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** The whole log so far. */
    public String log() {
        return read(process.log());
    }

    /** The last lines of the log, for failure messages. */
    public String tail() {
        return "the log " + process.log() + " ends:\n" + process.tail(TAIL_LINES);
    }

    /** Heap in use now, from {@code jcmd GC.heap_info}. */
    public long heapUsedBytes() throws InterruptedException {
        return process.heapUsedBytes();
    }

    /**
     * SIGTERM ({@link Process#destroy()} on Linux), then waits at most {@code limit} for the exit.
     *
     * @return the exit code
     * @throws AssertionError with the log tail when the process is still running after {@code limit}
     */
    public int terminate(Duration limit) throws InterruptedException {
        ProcessHandle handle = ProcessHandle.of(pid()).orElse(null);
        if (handle == null) {
            throw new AssertionError(process.name() + " had already exited; " + tail());
        }
        handle.destroy();
        try {
            handle.onExit().get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(process.name() + " still runs " + limit + " after SIGTERM; " + tail());
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError(process.name() + ": cannot wait for its exit; " + tail(), e);
        }
        return process.stop(Duration.ofSeconds(5)); // already gone: collects the exit code
    }

    private static String read(Path log) {
        try {
            return Files.isRegularFile(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
