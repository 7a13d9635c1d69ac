package dev.quiver.flight;

import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar quiver-flight-server.jar [options]}; {@code --help} explains them. */
public final class QuiverServerMain {
    private static final Logger LOG = LoggerFactory.getLogger(QuiverServerMain.class);

    private QuiverServerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.println(ServerConfig.HELP);
            return;
        }
        if (Arrays.asList(args).contains("--hash-password")) {
            try {
                System.out.println(hashPassword(System.in));
            } catch (IllegalArgumentException e) {
                System.err.println("quiver-flight-server: " + e.getMessage());
                System.exit(2);
            }
            return;
        }
        ServerConfig config;
        try {
            config = ServerConfig.parse(args, System::getenv);
        } catch (IllegalArgumentException e) {
            System.err.println("quiver-flight-server: " + e.getMessage());
            System.exit(2);
            return;
        }
        QuiverServer server;
        try {
            server = QuiverServer.start(config);
        } catch (IllegalArgumentException e) { // a setting that only fails when used, e.g. an unreadable TLS key
            System.err.println("quiver-flight-server: " + e.getMessage());
            System.exit(2);
            return;
        } catch (java.io.IOException e) {
            System.err.println("quiver-flight-server: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            long started = System.nanoTime();
            LOG.info("stopping (SIGTERM or Ctrl-C): closing both ports and ending running queries and subscriptions");
            try {
                server.close();
                LOG.info("Quiver server stopped in {} ms", (System.nanoTime() - started) / 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.warn("Quiver server stopped before its shutdown finished (interrupted)");
            }
        }, "quiver-shutdown"));
        System.out.println(banner(server.uri(), config.host(), server.httpPort(), server.exampleQuery()));
        if (config.security().authEnabled()) {
            System.out.println("  Log in with a user from --users / --users-file (Basic credentials; Flight then uses a"
                    + " bearer token)");
        }
        System.out.println("  Mutate: the same DoGet with {'query': 'mutation { updateOrderStatus(id: \"1\", status: \"PAID\") { id status } }'}"
                + "\n          (events go to the quiver_outbox table and, when NATS answers, to " + config.events().stream() + ")");
        server.awaitTermination();
    }

    /**
     * {@code --hash-password}: the users-file form of the password on the first line of {@code in} (the line end is
     * not part of it), e.g. {@code printf '%s\n' 'secret' | java -jar quiver-flight-server.jar --hash-password}.
     */
    static String hashPassword(java.io.InputStream in) throws java.io.IOException {
        java.io.BufferedReader reader = new java.io.BufferedReader(new java.io.InputStreamReader(in,
                java.nio.charset.StandardCharsets.UTF_8));
        String password = reader.readLine();
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("--hash-password reads the password from standard input, and got none;"
                    + " e.g. printf '%s\\n' 'secret' | java -jar quiver-flight-server.jar --hash-password");
        }
        return dev.quiver.flight.auth.PasswordHash.create(password).encoded();
    }

    /** What {@code make run} prints once both transports listen: their URLs and examples to paste. */
    static String banner(String flight, String bindHost, int httpPort, String example) {
        String host = bindHost.equals("0.0.0.0") || bindHost.equals("::") ? "localhost" : bindHost;
        String http = (flight.startsWith("grpc+tls://") ? "https://" : "http://") + host + ":" + httpPort; // one TLS for both
        return String.join("\n", List.of(
                "Quiver server ready at " + flight,
                "  Arrow Flight:      " + flight,
                "  GraphQL over HTTP: " + http + "/graphql   health: " + http + "/health   metrics: " + http + "/metrics",
                "",
                "Try it:",
                "  curl:   curl -s " + http + "/graphql -H 'Content-Type: application/json' \\",
                "               -d '{\"query\": \"" + example + "\"}'",
                "  Python: pip install -e client/python   (or pyarrow alone: pyarrow.flight.connect(...).do_get(...))",
                "          import quiver",
                "          quiver.connect('" + flight + "').query('" + example + "').to_pandas()",
                "  Java:   client/bin/quiver query '" + example + "' --server " + flight,
                "          or QuiverClient.connect(QuiverClientConfig.builder().uri(\"" + flight + "\").build())",
                "                 .queryTable(\"" + example + "\", Map.of())",
                "Ctrl-C stops it."));
    }
}
