package dev.quiver.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code quiver query '<graphql>'}: runs one query and prints or saves its rows. */
@Command(name = "query", mixinStandardHelpOptions = true, abbreviateSynopsis = true, usageHelpWidth = 120,
        header = "Run one GraphQL query; print or save its rows (table, csv, json, arrow).",
        description = "Runs one GraphQL query (one root field) and writes its rows. The columns are the selected "
                + "fields (the alias when one is given); a to-one relation is a struct column, a to-many relation "
                + "a list. Only reads: a mutation runs with 'quiver mutate'.",
        footerHeading = "%nExamples:%n",
        footer = {"  quiver query '{ users(limit: 5) { id name } }'",
                "  quiver query 'query($n: Int) { users(limit: $n) { id name } }' --vars '{\"n\": 3}'",
                "  quiver query '{ users(where: {name: {like: \"A%%\"}}, orderBy: [{name: ASC}]) { id name } }'",
                "  quiver query '{ users { id name } }' --format csv --output users.csv",
                "  quiver query '{ users { id name } }' --format json | jq -r .name",
                "  quiver query '{ orders { id total } }' --endpoints 2 --format csv",
                "  quiver query @report.graphql --format arrow -o users.arrows",
                "      (then in Python: pyarrow.ipc.open_stream(\"users.arrows\").read_all())"})
public final class QueryCommand extends ClientCommand {

    @Parameters(paramLabel = "GRAPHQL", arity = "0..*", showDefaultValue = Visibility.NEVER,
            description = "The query, in single quotes; - reads it from standard input, @FILE from a file.")
    List<String> document = new ArrayList<>();

    @Mixin
    RequestOptions request;

    @Option(names = "--limit-display", paramLabel = "N", defaultValue = "${env:QUIVER_LIMIT_DISPLAY:-100}",
            description = "Table format only: show at most N rows (0 shows all).")
    int limitDisplay;

    @Option(names = "--progress", defaultValue = "${env:QUIVER_PROGRESS:-false}",
            description = "Count rows (with rows/s, and \"of ~N\" when the server estimates N rows) on standard error;"
                    + " automatic when standard error is a terminal and the rows do not go to that same terminal.")
    boolean progress;

    @Option(names = "--endpoints", paramLabel = "N", defaultValue = "${env:QUIVER_ENDPOINTS:-1}",
            description = "Ask the server to split the answer over up to N endpoints (ranges of the key; a server"
                    + " started with --max-endpoints above 1 splits a query with one integer key, no offset and no"
                    + " order but the key's) and read them at once; the rows keep their order.")
    int endpoints;

    @Override
    int run(CliIo io) throws IOException {
        return new RequestRunner("query", io).run(document, request, limitDisplay, progress,
                connection.config().toBuilder().endpoints(endpoints).build());
    }
}
