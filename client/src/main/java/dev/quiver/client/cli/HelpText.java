package dev.quiver.client.cli;

/** What {@code --help} prints: for the tool and for each command, with examples to copy. */
final class HelpText {
    private HelpText() {
    }

    private static final String CONNECTION = """
            Connection options (every command):
              --server URI          the Flight server (default grpc://localhost:50051; env QUIVER_URL);
                                    grpc+tls://host:port for TLS
              --user NAME           basic authentication (env QUIVER_USER); needs --password
              --password SECRET     (env QUIVER_PASSWORD)
              --token TOKEN         a bearer token instead of --user/--password (env QUIVER_TOKEN)
              --trusted-cert FILE   PEM certificate to trust for a grpc+tls:// server
              --timeout SECONDS     deadline for each call, including reading the whole result (default none)
              -h, --help            show help
            """;

    static String global() {
        return """
                quiver: ask a Quiver server in GraphQL, get Apache Arrow back (over Arrow Flight).

                Usage:
                  quiver query '<graphql>' [options]   run one query, print or save its rows
                  quiver health [options]              check that the server answers
                  quiver sdl [options]                 print the server's GraphQL schema
                  quiver help [command]                this help, or one command's
                  quiver events|dlq …                  NATS tools: generate events; list/replay dead letters (--help)

                """ + CONNECTION + """

                Examples:
                  quiver health
                  quiver sdl | less
                  quiver query '{ users(limit: 5) { id name } }'
                  quiver query '{ users { id name } }' --format csv --output users.csv
                  quiver --server grpc+tls://quiver.example.com:443 --token "$TOKEN" health

                Exit status: 0 done, 1 the server failed or refused (its message is printed), 2 bad command line.
                No server yet? `make run` in the Quiver repository starts one at grpc://localhost:50051.
                'quiver query --help' shows the output formats.
                """;
    }

    static String forCommand(String command) {
        return switch (command) {
            case "query" -> query();
            case "health" -> health();
            case "sdl" -> sdl();
            default -> global();
        };
    }

    private static String query() {
        return """
                Usage: quiver query '<graphql>' [--vars JSON] [--format table|csv|json|arrow] [--output FILE] [options]

                Runs one GraphQL query (one root field) and writes its rows. The columns are the selected fields
                (the alias when one is given); a to-one relation is a struct column, a to-many relation a list.
                '<graphql>' may be - to read the query from standard input, or @FILE to read it from a file.

                Options:
                  --vars JSON           variables as a JSON object, or @FILE to read them from a file
                  --operation NAME      the operation to run when the document holds several
                  -f, --format FORMAT   table  aligned columns for reading (default)
                                        csv    RFC 4180: header row, CRLF line ends, null as an empty field
                                        json   JSON Lines: one object per row
                                        arrow  Arrow IPC stream, binary: needs --output or a pipe
                  -o, --output FILE     write to FILE instead of standard output
                  --limit-display N     table only: show at most N rows (default 100; 0 shows all)
                  --progress            count rows (with rows/s, and "of ~N" when the server estimates N rows)
                                        on standard error; automatic when standard error is a terminal and
                                        the rows do not go to that same terminal

                """ + CONNECTION + """

                Examples:
                  quiver query '{ users(limit: 5) { id name } }'
                  quiver query 'query($n: Int) { users(limit: $n) { id name } }' --vars '{"n": 3}'
                  quiver query '{ users(where: {name: {like: "A%"}}, orderBy: [{name: ASC}]) { id name } }'
                  quiver query '{ users { id name } }' --format csv --output users.csv
                  quiver query '{ users { id name } }' --format json | jq -r .name
                  quiver query @report.graphql --format arrow -o users.arrows
                      (then in Python: pyarrow.ipc.open_stream("users.arrows").read_all())
                """;
    }

    private static String health() {
        return """
                Usage: quiver health [options]

                Asks the server's health action and prints its JSON answer. Exit status 0 when the server says
                {"status": "ok"}, 1 when it says otherwise or cannot be reached.

                """ + CONNECTION + """

                Examples:
                  quiver health
                  quiver health --server grpc://db-host:50051
                  until quiver health >/dev/null 2>&1; do sleep 1; done   # wait for a server to come up
                """;
    }

    private static String sdl() {
        return """
                Usage: quiver sdl [options]

                Prints the GraphQL schema (SDL) the server answers: the root fields you can query, their
                arguments (limit, offset, where, orderBy) and the fields of each type.

                """ + CONNECTION + """

                Examples:
                  quiver sdl
                  quiver sdl > schema.graphql
                """;
    }
}
