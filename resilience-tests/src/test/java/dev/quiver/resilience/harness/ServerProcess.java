package dev.quiver.resilience.harness;

import dev.quiver.testsupport.process.JavaProcess;
import dev.quiver.testsupport.process.JavaProcessSpec;
import dev.quiver.testsupport.process.PrometheusScrape;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The flight-server jar running as a child JVM on free ports: its Flight URI, its HTTP base ({@code /graphql},
 * {@code /health}, {@code /metrics}) and the process to kill, freeze or measure. Close it to kill it.
 */
public final class ServerProcess implements AutoCloseable {
    private final JavaProcess process;
    private final URI flight;
    private final URI http;

    private ServerProcess(JavaProcess process, URI flight, URI http) {
        this.process = process;
        this.flight = flight;
        this.http = http;
    }

    /**
     * Starts the server with {@code --flight-port} and {@code --http-port} on free ports plus {@code args} (e.g.
     * {@code --jdbc-url …}, {@code --no-relay}) and waits until {@code /health} answers 200.
     *
     * @param name     the process and log file name
     * @param jvmArgs  e.g. {@code -Xmx256m}
     * @param logDir   where {@code <name>.log} goes
     * @param startup  how long the server may take to become healthy (loading demo data takes a while)
     */
    public static ServerProcess start(String name, List<String> jvmArgs, List<String> args, Map<String, String> env,
                                      Path logDir, Duration startup) throws InterruptedException {
        int flightPort = FreePort.next();
        int httpPort = FreePort.next();
        List<String> all = new ArrayList<>(List.of("--host", "127.0.0.1", "--flight-port", Integer.toString(flightPort),
                "--http-port", Integer.toString(httpPort)));
        all.addAll(args);
        JavaProcess process = JavaProcess.start(new JavaProcessSpec(name, QuiverJars.server(), jvmArgs, all, env, logDir));
        ServerProcess server = new ServerProcess(process, URI.create("grpc+tcp://127.0.0.1:" + flightPort),
                URI.create("http://127.0.0.1:" + httpPort));
        try {
            process.awaitHealthy(server.http.resolve("/health"), startup);
        } catch (RuntimeException | InterruptedException e) {
            process.close();
            throw e;
        }
        return server;
    }

    /** {@code grpc+tcp://127.0.0.1:<port>}. */
    public URI flightUri() {
        return flight;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI httpBase() {
        return http;
    }

    /** {@code …/graphql}. */
    public URI graphqlUri() {
        return http.resolve("/graphql");
    }

    public JavaProcess process() {
        return process;
    }

    public PrometheusScrape metrics() throws IOException, InterruptedException {
        return PrometheusScrape.fetch(http.resolve("/metrics"));
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
