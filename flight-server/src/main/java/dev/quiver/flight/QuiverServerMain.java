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
        QuiverServer server = QuiverServer.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "quiver-shutdown"));
        String host = config.host().equals("0.0.0.0") ? "localhost" : config.host();
        System.out.println(String.join("\n",
                "Quiver Flight server ready at grpc://" + host + ":" + server.port(),
                "  Python:  import pyarrow.flight as fl, json",
                "           fl.connect('grpc://" + host + ":" + server.port() + "').do_get(fl.Ticket(json.dumps(",
                "               {'query': '{ orders(limit: 5) { id status total createdAt } }'}))).read_all()",
                "  Java:    FlightClient.getStream(new Ticket(requestJson)) with requestJson as above",
                "  Mutate:  the same DoGet with {'query': 'mutation { updateOrderStatus(id: \"1\", status: \"paid\") { id status } }'}",
                "           (events go to the quiver_outbox table and, when NATS answers, to " + config.events().stream() + ")",
                "Ctrl-C stops it."));
        server.awaitTermination();
    }
}
