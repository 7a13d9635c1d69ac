package dev.quiver.cli;

import dev.quiver.client.HealthStatus;
import dev.quiver.client.QuiverClient;
import dev.quiver.client.QuiverClientConfig;
import java.io.IOException;
import picocli.CommandLine.Command;

/** {@code quiver health}: the server's health action, printed as JSON; exit 1 unless it says "ok". */
@Command(name = "health", mixinStandardHelpOptions = true, abbreviateSynopsis = true, usageHelpWidth = 120,
        header = "Check that the server answers; print its health JSON.",
        description = {"Asks the server's health action and prints its JSON answer.",
                "Exit status 0 when the server says {\"status\": \"ok\"}, 1 when it says otherwise or cannot be reached."},
        footerHeading = "%nExamples:%n",
        footer = {"  quiver health",
                "  quiver health --server grpc://db-host:50051",
                "  until quiver health >/dev/null 2>&1; do sleep 1; done   # wait for a server to come up"})
public final class HealthCommand extends ClientCommand {

    @Override
    int run(CliIo io) throws IOException {
        QuiverClientConfig config = connection.config();
        try (QuiverClient client = QuiverClient.connect(config)) {
            HealthStatus health = client.health();
            print(io, health.json().strip() + "\n");
            if (!health.isOk()) {
                io.err().println("quiver health: " + config.uri() + " answered status '" + health.status()
                        + "', not 'ok'");
                return EXIT_FAILED;
            }
            return EXIT_OK;
        }
    }
}
