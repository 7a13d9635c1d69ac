package dev.quiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.client.fake.FakeQuiverProducer;
import dev.quiver.client.fake.FakeQuiverServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.arrow.flight.CallStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code quiver health}, {@code sdl}, {@code mutate}, variables, auth and the server's errors, against the fake server. */
class QuiverCliServerTest {

    @Test
    void healthPrintsTheAnswer() throws Exception {
        try (FakeQuiverServer server = FakeQuiverServer.start()) {
            CliRunner.Result result = new CliRunner().run("health", "--server", server.uri().toString());
            assertThat(result.status()).isZero();
            assertThat(result.stdout()).isEqualTo(FakeQuiverProducer.HEALTH_JSON + "\n");
            assertThat(result.stderr()).isEmpty();
        }
    }

    @Test
    void anUnhealthyServerExitsOne() throws Exception {
        try (FakeQuiverServer server = FakeQuiverServer.start()) {
            server.producer().healthJson("{\"status\":\"degraded\"}");
            CliRunner.Result result = new CliRunner().run("health", "--server", server.uri().toString());
            assertThat(result.status()).isEqualTo(1);
            assertThat(result.stdout()).isEqualTo("{\"status\":\"degraded\"}\n");
            assertThat(result.stderr()).contains("answered status 'degraded', not 'ok'");
        }
    }

    @Test
    void sdlPrintsTheSchema() throws Exception {
        try (FakeQuiverServer server = FakeQuiverServer.start()) {
            CliRunner.Result result = new CliRunner().run("sdl", "--server", server.uri().toString());
            assertThat(result.status()).isZero();
            assertThat(result.stdout()).isEqualTo(FakeQuiverProducer.SDL);
        }
    }

    @Test
    void variablesAndOperationNameGoIntoTheRequest(@TempDir Path dir) throws Exception {
        try (FakeQuiverServer server = FakeQuiverServer.start()) {
            Path vars = Files.writeString(dir.resolve("vars.json"), "{\"names\": [\"Ada\", \"Zoë\"], \"n\": 2.50}");
            CliRunner.Result result = new CliRunner().run("query", "query Q($n: Int) { users(limit: $n) { id } }",
                    "--vars", "{\"n\": 3, \"where\": {\"name\": {\"eq\": \"A\\\"b\"}}, \"flag\": null}",
                    "--operation", "Q", "--server", server.uri().toString(), "-f", "csv");
            assertThat(result.status()).isZero();
            CliRunner.Result fromFile = new CliRunner().run("query", "{ users { id } }", "--vars", "@" + vars,
                    "--server", server.uri().toString(), "-f", "csv");
            assertThat(fromFile.status()).isZero();
            assertThat(server.producer().commands()).containsExactly(
                    "{\"query\":\"query Q($n: Int) { users(limit: $n) { id } }\","
                            + "\"variables\":{\"n\":3,\"where\":{\"name\":{\"eq\":\"A\\\"b\"}},\"flag\":null},"
                            + "\"operationName\":\"Q\"}",
                    "{\"query\":\"{ users { id } }\",\"variables\":{\"names\":[\"Ada\",\"Zoë\"],\"n\":2.50},"
                            + "\"operationName\":null}");
        }
    }

    @Test
    void variableNumbersAreSentAsWritten() throws Exception {
        try (FakeQuiverServer server = FakeQuiverServer.start()) {
            CliRunner.Result result = new CliRunner().run("query", "{ users { id } }", "--vars",
                    "{\"big\": 123456789012345678901234567890, \"max\": 9223372036854775807,"
                            + " \"small\": -3, \"exact\": 0.10000000000000000001, \"e\": -2e-3, \"huge\": 1e400}",
                    "--server", server.uri().toString(), "-f", "csv");
            assertThat(result.status()).isZero();
            assertThat(server.producer().commands()).containsExactly("{\"query\":\"{ users { id } }\","
                    + "\"variables\":{\"big\":123456789012345678901234567890,\"max\":9223372036854775807,"
                    + "\"small\":-3,\"exact\":0.10000000000000000001,\"e\":-0.002,\"huge\":1E+400},"
                    + "\"operationName\":null}");
        }
    }

    @Test
    void theQueryCanComeFromStandardInputOrAFile(@TempDir Path dir) throws Exception {
        try (FakeQuiverServer server = FakeQuiverServer.start()) {
            Path file = Files.writeString(dir.resolve("q.graphql"), "{ users { name } }\n");
            assertThat(new CliRunner().stdin("{ users { id } }").run("query", "-", "--server",
                    server.uri().toString(), "-f", "json").status()).isZero();
            assertThat(new CliRunner().run("query", "@" + file, "--server", server.uri().toString(), "-f", "json")
                    .status()).isZero();
            assertThat(server.producer().commands()).containsExactly(
                    "{\"query\":\"{ users { id } }\",\"variables\":null,\"operationName\":null}",
                    "{\"query\":\"{ users { name } }\\n\",\"variables\":null,\"operationName\":null}");
        }
    }

    @Test
    void anInvalidQueryPrintsTheServersMessageAndWhatToDo() throws Exception {
        try (FakeQuiverServer server = FakeQuiverServer.start()) {
            server.producer().failFlightInfo(CallStatus.INVALID_ARGUMENT
                    .withDescription("Field 'nme' in type 'User' is undefined"));
            CliRunner.Result result = new CliRunner().run("query", "{ users { nme } }", "--server",
                    server.uri().toString());
            assertThat(result.status()).isEqualTo(1);
            assertThat(result.stdout()).isEmpty();
            assertThat(result.stderr()).isEqualTo("quiver query: INVALID_QUERY from " + server.uri()
                    + ": Field 'nme' in type 'User' is undefined\n"
                    + "  hint: fix the query; 'quiver sdl' prints the schema the server accepts\n");
        }
    }

    @Test
    void mutateSendsOneExchangeAndPrintsTheChangedRow(@TempDir Path dir) throws Exception {
        try (FakeQuiverServer server = FakeQuiverServer.start()) {
            String mutation = "mutation Ship($id: ID!) { updateOrderStatus(id: $id, status: \"shipped\") { id status } }";
            CliRunner.Result result = new CliRunner().run("mutate", mutation, "--vars", "{\"id\": \"o7\"}",
                    "--operation", "Ship", "--server", server.uri().toString(), "-f", "csv");
            assertThat(result.status()).as(result.stderr()).isZero();
            assertThat(result.stdout()).isEqualTo("id,status\r\no7,shipped\r\n");
            assertThat(server.producer().exchanges()).containsExactly("{\"query\":\"mutation Ship($id: ID!) {"
                    + " updateOrderStatus(id: $id, status: \\\"shipped\\\") { id status } }\","
                    + "\"variables\":{\"id\":\"o7\"},\"operationName\":\"Ship\"}");
            assertThat(server.producer().commands()).as("no GetFlightInfo").isEmpty();

            Path out = dir.resolve("changed.jsonl");
            CliRunner.Result toFile = new CliRunner().run("mutate", "mutation { deleteOrder(id: \"o7\") { id } }",
                    "--server", server.uri().toString(), "-f", "json", "-o", out.toString());
            assertThat(toFile.status()).as(toFile.stderr()).isZero();
            assertThat(Files.readString(out)).isEqualTo("{\"id\":\"o7\",\"status\":\"shipped\"}\n");
            assertThat(server.producer().exchanges()).hasSize(2);
        }
    }

    @Test
    void aMutationSentToQueryPointsToMutateAndTheOtherWayRound() throws Exception {
        try (FakeQuiverServer server = FakeQuiverServer.start()) {
            CliRunner.Result query = new CliRunner().run("query", "mutation { deleteOrder(id: \"1\") { id } }",
                    "--server", server.uri().toString());
            assertThat(query.status()).isEqualTo(1);
            assertThat(query.stderr()).startsWith("quiver query: INVALID_QUERY from " + server.uri()
                            + ": a mutation is a write: send it with DoExchange")
                    .endsWith("  hint: a mutation is a write: run it with 'quiver mutate', which takes the same"
                            + " options\n");

            CliRunner.Result mutate = new CliRunner().run("mutate", "{ users { id } }", "--server",
                    server.uri().toString());
            assertThat(mutate.status()).isEqualTo(1);
            assertThat(mutate.stderr()).contains("DoExchange runs mutations")
                    .endsWith("  hint: a query is a read: run it with 'quiver query', which takes the same options\n");
            assertThat(server.producer().tickets()).as("nothing was read").isEmpty();
        }
    }

    @Test
    void anUnwritableOutputAfterAMutationSaysItWasApplied(@TempDir Path dir) throws Exception {
        try (FakeQuiverServer server = FakeQuiverServer.start()) {
            Path out = dir.resolve("no-such-dir").resolve("changed.csv");
            CliRunner.Result result = new CliRunner().run("mutate", "mutation { deleteOrder(id: \"o7\") { id } }",
                    "--server", server.uri().toString(), "-o", out.toString());
            assertThat(result.status()).isEqualTo(1);
            assertThat(result.stderr()).startsWith("quiver mutate: cannot write the output: ")
                    .endsWith("(the mutation itself was applied: do not run it again)\n");
            assertThat(server.producer().exchanges()).hasSize(1);
        }
    }

    @Test
    void aRefusedMutationPrintsTheServersMessage() throws Exception {
        try (FakeQuiverServer server = FakeQuiverServer.start()) {
            server.producer().failExchange(CallStatus.INVALID_ARGUMENT.withDescription("no Order has id '424242'"));
            CliRunner.Result result = new CliRunner().run("mutate", "mutation { deleteOrder(id: \"424242\") { id } }",
                    "--server", server.uri().toString());
            assertThat(result.status()).isEqualTo(1);
            assertThat(result.stdout()).isEmpty();
            assertThat(result.stderr()).isEqualTo("quiver mutate: INVALID_QUERY from " + server.uri()
                    + ": no Order has id '424242'\n"
                    + "  hint: fix the query; 'quiver sdl' prints the schema the server accepts\n");
        }
    }

    @Test
    void anUnreachableServerSaysHowToStartOne() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        CliRunner.Result result = new CliRunner().run("health", "--server", "grpc://127.0.0.1:" + port);
        assertThat(result.status()).isEqualTo(1);
        assertThat(result.stderr())
                .startsWith("quiver health: server not reachable at grpc://127.0.0.1:" + port + " (")
                .contains("hint: start it with `make run`");
    }

    @Test
    void basicAuthFromFlags() throws Exception {
        try (FakeQuiverServer server = FakeQuiverServer.startWithAuth()) {
            CliRunner.Result result = new CliRunner().run("query", "{ users { id } }", "--server",
                    server.uri().toString(), "--user", FakeQuiverServer.USER, "--password", FakeQuiverServer.PASSWORD,
                    "-f", "csv");
            assertThat(result.status()).isZero();
            assertThat(server.producer().peers()).containsExactly(FakeQuiverServer.USER);
        }
    }

    @Test
    void tokenFromTheFlag() throws Exception {
        try (FakeQuiverServer server = FakeQuiverServer.startWithAuth()) {
            CliRunner.Result result = new CliRunner().run("query", "{ users { id } }", "--server",
                    server.uri().toString(), "--token", FakeQuiverServer.STATIC_TOKEN, "-f", "csv");
            assertThat(result.status()).isZero();
            assertThat(server.producer().peers()).containsExactly("token-holder");
        }
    }

    @Test
    void wrongCredentialsAreReportedWithTheFix() throws Exception {
        try (FakeQuiverServer server = FakeQuiverServer.startWithAuth()) {
            CliRunner.Result result = new CliRunner().run("health", "--server", server.uri().toString(),
                    "--user", FakeQuiverServer.USER, "--password", "nope");
            assertThat(result.status()).isEqualTo(1);
            assertThat(result.stderr()).contains("UNAUTHENTICATED from " + server.uri())
                    .contains("wrong user name or password")
                    .contains("hint: give credentials: --user NAME --password SECRET, or --token TOKEN");
        }
    }
}
