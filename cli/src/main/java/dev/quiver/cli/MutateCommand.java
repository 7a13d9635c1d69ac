package dev.quiver.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code quiver mutate '<graphql>'}: runs one mutation, once, and prints the row it changed. */
@Command(name = "mutate", mixinStandardHelpOptions = true, abbreviateSynopsis = true, usageHelpWidth = 120,
        header = "Run one GraphQL mutation (a write) once; print the row it changed.",
        description = "Runs one GraphQL mutation (one root field, e.g. createOrder, updateOrderStatus, deleteOrder) "
                + "and writes the row it changed, with the fields the mutation selects. The mutation is sent once, "
                + "as one Flight DoExchange: the server runs a write only that way, never for 'quiver query', so "
                + "reading a result twice or retrying a read cannot write twice. quiver does not resend a mutation "
                + "that failed: after a timeout or a lost connection it may have been applied, so read the row "
                + "back (with 'quiver query') before running it again.",
        footerHeading = "%nExamples:%n",
        footer = {"  quiver mutate 'mutation { updateOrderStatus(id: \"1\", status: \"shipped\") { id status } }'",
                "  quiver mutate 'mutation($id: ID!) { deleteOrder(id: $id) { id } }' --vars '{\"id\": \"7\"}' -f json",
                "  quiver sdl | grep -A 20 'type Mutation'      # the mutations the server offers"})
public final class MutateCommand extends ClientCommand {
    /** The table format shows the changed row; a mutation changes one. */
    private static final int DISPLAY_LIMIT = 100;

    @Parameters(paramLabel = "GRAPHQL", arity = "0..*", showDefaultValue = Visibility.NEVER,
            description = "The mutation, in single quotes; - reads it from standard input, @FILE from a file.")
    List<String> document = new ArrayList<>();

    @Mixin
    RequestOptions request;

    @Override
    int run(CliIo io) throws IOException {
        return new RequestRunner("mutate", io).run(document, request, DISPLAY_LIMIT, false, connection.config());
    }

    @Override
    String afterWriteFailure() {
        return " (the mutation itself was applied: do not run it again)";
    }
}
