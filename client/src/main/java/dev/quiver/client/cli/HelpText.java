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
                  quiver mutate '<graphql>' [options]  run one mutation (a write) once, print the changed row
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
                  quiver mutate 'mutation { updateOrderStatus(id: "1", status: "shipped") { id status } }'
                  quiver --server grpc+tls://quiver.example.com:443 --token "$TOKEN" health

                Exit status: 0 done, 1 the server failed or refused (its message is printed), 2 bad command line.
                No server yet? `make run` in the Quiver repository starts one at grpc://localhost:50051.
                'quiver query --help' shows the output formats; 'quiver mutate --help' how writes are sent.
                """;
    }

    static String forCommand(String command) {
        return switch (command) {
            case "query" -> query();
            case "mutate" -> mutate();
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
                Only reads: a mutation runs with 'quiver mutate'.
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

    private static String mutate() {
        return """
                Usage: quiver mutate '<graphql>' [--vars JSON] [--format table|csv|json|arrow] [--output FILE] [options]

                Runs one GraphQL mutation (one root field, e.g. createOrder, updateOrderStatus, deleteOrder) and
                writes the row it changed, with the fields the mutation selects. The mutation is sent once, as one
                Flight DoExchange: the server runs a write only that way, never for 'quiver query', so reading a
                result twice or retrying a read cannot write twice. quiver does not resend a mutation that failed:
                after a timeout or a lost connection it may have been applied, so read the row back (with
                'quiver query') before running it again.
                '<graphql>' may be - to read the mutation from standard input, or @FILE to read it from a file.

                Options:
                  --vars JSON           variables as a JSON object, or @FILE to read them from a file
                  --operation NAME      the operation to run when the document holds several
                  -f, --format FORMAT   table (default), csv, json or arrow, as for 'quiver query'
                  -o, --output FILE     write to FILE instead of standard output

                """ + CONNECTION + """

                Examples:
                  quiver mutate 'mutation { updateOrderStatus(id: "1", status: "shipped") { id status } }'
                  quiver mutate 'mutation($id: ID!) { deleteOrder(id: $id) { id } }' --vars '{"id": "7"}' -f json
                  quiver sdl | grep -A 20 'type Mutation'      # the mutations the server offers
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
