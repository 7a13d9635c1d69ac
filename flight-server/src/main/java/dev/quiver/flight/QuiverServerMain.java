package dev.quiver.flight;

import dev.quiver.settings.QuiverCommandLine;
import java.util.List;

/**
 * {@code java -jar quiver-flight-server.jar [options]}: runs {@link ServerCommand}, which declares the options;
 * {@code --help} lists them with their defaults and environment variables.
 */
public final class QuiverServerMain {
    private QuiverServerMain() {
    }

    /** Exit 0 after {@code --help} or once the server stopped; 2 for a bad setting; 1 when it cannot start. */
    public static void main(String[] args) {
        System.exit(QuiverCommandLine.of(new ServerCommand()).setCommandName("quiver-flight-server").execute(args));
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
