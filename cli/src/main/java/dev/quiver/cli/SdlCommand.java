package dev.quiver.cli;

import dev.quiver.client.QuiverClient;
import java.io.IOException;
import picocli.CommandLine.Command;

/** {@code quiver sdl}: prints the server's GraphQL schema. */
@Command(name = "sdl", mixinStandardHelpOptions = true, abbreviateSynopsis = true, usageHelpWidth = 120,
        header = "Print the server's GraphQL schema.",
        description = "Prints the GraphQL schema (SDL) the server answers: the root fields you can query, their "
                + "arguments (limit, offset, where, orderBy) and the fields of each type.",
        footerHeading = "%nExamples:%n",
        footer = {"  quiver sdl", "  quiver sdl > schema.graphql"})
public final class SdlCommand extends ClientCommand {

    @Override
    int run(CliIo io) throws IOException {
        try (QuiverClient client = QuiverClient.connect(connection.config())) {
            String sdl = client.sdl();
            print(io, sdl.endsWith("\n") ? sdl : sdl + "\n");
            return EXIT_OK;
        }
    }
}
