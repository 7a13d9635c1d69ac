package dev.quiver.flight;

/** {@code java -jar quiver-flight-server.jar [options]}; {@code --help} explains them. */
public final class QuiverServerMain {
    private QuiverServerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (java.util.Arrays.asList(args).contains("--help") || java.util.Arrays.asList(args).contains("-h")) {
            System.out.println(ServerConfig.HELP);
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
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "quiver-shutdown"));
        System.out.println(String.join("\n",
                "Quiver Flight server ready at " + server.uri()
                        + (config.security().authEnabled() ? " (log in with a user from --users / --users-file)" : ""),
                "  Python:  import pyarrow.flight as fl, json",
                "           fl.connect('" + server.uri() + "').do_get(fl.Ticket(json.dumps(",
                "               {'query': '{ orders(limit: 5) { id status total createdAt } }'}))).read_all()",
                "  Java:    FlightClient.getStream(new Ticket(requestJson)) with requestJson as above",
                "  Mutate:  the same DoGet with {'query': 'mutation { updateOrderStatus(id: \"1\", status: \"paid\") { id status } }'}",
                "           (events go to the quiver_outbox table and, when NATS answers, to " + config.events().stream() + ")",
                "Ctrl-C stops it."));
        server.awaitTermination();
    }
}
