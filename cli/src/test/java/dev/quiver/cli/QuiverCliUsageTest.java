package dev.quiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Wrong command lines: exit status 2, a message naming the bad argument, a pointer to the right help. */
class QuiverCliUsageTest {
    private final CliRunner cli = new CliRunner();

    private void assertUsageError(CliRunner.Result result, String message, String command) {
        assertThat(result.status()).isEqualTo(2);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).startsWith(command + ": ").contains(message);
    }

    @Test
    void noCommand() {
        assertUsageError(cli.run(), "quiver: missing command", "quiver");
    }

    @Test
    void unknownCommandSuggestsTheClosest() {
        assertUsageError(cli.run("qurey", "{ users { id } }"),
                "Unmatched arguments from index 0: 'qurey'", "quiver");
        assertThat(cli.run("qurey", "{ users { id } }").stderr()).contains("Did you mean: quiver query?");
    }

    @Test
    void unknownOptionSuggestsTheClosest() {
        assertUsageError(cli.run("query", "{ users { id } }", "--fromat", "csv"),
                "Unknown option: '--fromat'", "quiver query");
    }

    @Test
    void unknownOptionWithoutAnythingClose() {
        CliRunner.Result result = cli.run("health", "--verbose-mode-please");
        assertUsageError(result, "Unknown option: '--verbose-mode-please'", "quiver health");
    }

    @Test
    void optionWithoutItsValue() {
        assertUsageError(cli.run("query", "{ users { id } }", "--format"),
                "Missing required parameter for option '--format' (FORMAT)", "quiver query");
    }

    @Test
    void optionGivenTwice() {
        assertUsageError(cli.run("query", "{ users { id } }", "-f", "csv", "--format=json"),
                "option '--format' (FORMAT) should be specified only once", "quiver query");
    }

    @Test
    void flagWithAValue() {
        assertUsageError(cli.run("query", "{ users { id } }", "--progress=yes"),
                "Invalid value for option '--progress': 'yes' is not a boolean", "quiver query");
    }

    @Test
    void unknownFormat() {
        assertUsageError(cli.run("query", "{ users { id } }", "--format", "xml"),
                "Invalid value for option '--format': unknown format 'xml'; use one of table|csv|json|arrow", "quiver query");
    }

    @Test
    void queryOptionOnAnotherCommand() {
        assertUsageError(cli.run("health", "--format", "csv"),
                "Unknown options: '--format', 'csv'", "quiver health");
    }

    @Test
    void missingQuery() {
        assertUsageError(cli.run("query"), "missing the query", "quiver query");
    }

    @Test
    void missingMutation() {
        assertUsageError(cli.run("mutate"), "missing the mutation; write it in single quotes: quiver mutate 'mutation {",
                "quiver mutate");
    }

    @Test
    void readingOptionOnMutate() {
        assertUsageError(cli.run("mutate", "mutation { deleteOrder(id: \"1\") { id } }", "--progress"),
                "Unknown option: '--progress'", "quiver mutate");
    }

    @Test
    void unquotedQuerySplitIntoWords() {
        assertUsageError(cli.run("query", "{", "users", "}"),
                "unexpected argument 'users'; quote the whole query", "quiver query");
    }

    @Test
    void argumentToACommandThatTakesNone() {
        assertUsageError(cli.run("sdl", "extra"), "Unmatched argument at index 1: 'extra'", "quiver sdl");
    }

    @Test
    void invalidVariablesJsonSaysWhere() {
        assertUsageError(cli.run("query", "{ users { id } }", "--vars", "{\"n\": 3,}"),
                "--vars: Unexpected character ('}' (code 125)): was expecting double-quote to start field name"
                        + " at line 1, column 9", "quiver query");
    }

    @Test
    void unfinishedVariablesJsonSaysWhereWithoutJacksonsSourceNote() {
        CliRunner.Result result = cli.run("query", "{ users { id } }", "--vars", "{\"n\":\n 3");
        assertUsageError(result, "--vars: Unexpected end-of-input: expected close marker for Object at line 2, column 3",
                "quiver query");
        assertThat(result.stderr()).doesNotContain("Source");
    }

    @Test
    void singleQuotesInVariablesGetAHint() {
        assertUsageError(cli.run("query", "{ users { id } }", "--vars", "{'n': 3}"),
                "(JSON strings and keys take double quotes) at line 1, column 2", "quiver query");
        assertUsageError(cli.run("query", "{ users { id } }", "--vars", "{\"n\": 'x'}"),
                "(JSON strings and keys take double quotes) at line 1, column 7", "quiver query");
    }

    @Test
    void aVariableGivenTwiceIsRefused() {
        assertUsageError(cli.run("query", "{ users { id } }", "--vars", "{\"n\": 1, \"n\": 2}"),
                "--vars: Duplicate field 'n' at line 1, column ", "quiver query");
    }

    @Test
    void textAfterTheVariablesIsRefused() {
        assertUsageError(cli.run("query", "{ users { id } }", "--vars", "{\"n\": 1} x"),
                "--vars: Unrecognized token 'x'", "quiver query");
        assertUsageError(cli.run("query", "{ users { id } }", "--vars", "{\"n\": 1} {}"),
                "--vars: Trailing token", "quiver query");
    }

    @Test
    void nonStandardJsonIsRefused() {
        assertUsageError(cli.run("query", "{ users { id } }", "--vars", "{\"n\": NaN}"),
                "--vars: Non-standard token 'NaN'", "quiver query");
        assertUsageError(cli.run("query", "{ users { id } }", "--vars", "{\"n\": 01}"),
                "--vars: Invalid numeric value: Leading zeroes not allowed", "quiver query");
    }

    @Test
    void variablesNestedTooDeepAreRefused() {
        assertUsageError(cli.run("query", "{ users { id } }", "--vars", "{\"n\": " + "[".repeat(300)),
                "--vars: Document nesting depth (257) exceeds the maximum allowed (256", "quiver query");
    }

    @Test
    void variablesMustBeAnObject() {
        assertUsageError(cli.run("query", "{ users { id } }", "--vars", "[3]"),
                "--vars: expected a JSON object such as {\"limit\": 5}, got an array", "quiver query");
    }

    @Test
    void missingVariablesFile() {
        assertUsageError(cli.run("query", "{ users { id } }", "--vars", "@/nonexistent/vars.json"),
                "cannot read --vars from @/nonexistent/vars.json", "quiver query");
    }

    @Test
    void negativeDisplayLimit() {
        assertUsageError(cli.run("query", "{ users { id } }", "--limit-display", "-1"),
                "--limit-display: expected a row count (0 for all), got '-1'", "quiver query");
    }

    @Test
    void badTimeout() {
        assertUsageError(cli.run("health", "--timeout", "soon"),
                "Invalid value for option '--timeout': 'soon' is not a duration such as 250ms", "quiver health");
        assertUsageError(cli.run("health", "--timeout", "0"), "--timeout: must be positive", "quiver health");
    }

    @Test
    void httpServerUri() {
        assertUsageError(cli.run("health", "--server", "http://localhost:8080/graphql"),
                "--server: server URI 'http://localhost:8080/graphql' is HTTP", "quiver health");
    }

    @Test
    void userWithoutPassword() {
        assertUsageError(cli.run("health", "--user", "ada"), "--user needs --password (or QUIVER_PASSWORD)",
                "quiver health");
    }

    @Test
    void passwordWithoutUser() {
        assertUsageError(cli.run("health", "--password", "pw"), "--password needs --user (or QUIVER_USER)",
                "quiver health");
    }

    @Test
    void tokenAndUserTogether() {
        assertUsageError(cli.run("health", "--user", "ada", "--password", "pw", "--token", "t"),
                "--token and --user/--password exclude each other", "quiver health");
    }

    @Test
    void missingTrustedCertificate() {
        assertUsageError(cli.run("health", "--server", "grpc+tls://h:443", "--trusted-cert", "/nonexistent/ca.pem"),
                "--trusted-cert: trusted certificate file /nonexistent/ca.pem is not readable", "quiver health");
    }

    @Test
    void helpForAnUnknownTopic() {
        assertUsageError(cli.run("help", "frobnicate"), "Unknown subcommand 'frobnicate'.", "quiver");
    }

    @Test
    void globalHelpListsEveryCommandWithExamples() {
        for (String[] args : new String[][] {{"--help"}, {"-h"}, {"help"}}) {
            CliRunner.Result result = cli.run(args);
            assertThat(result.status()).isZero();
            assertThat(result.stderr()).isEmpty();
            assertThat(result.stdout()).startsWith("Usage: quiver [-hV] [COMMAND]")
                    .contains("  query ", "  mutate ", "  health ", "  sdl ", "  help ", "  generate-completion ")
                    .contains("Examples:", "quiver query '{ users(limit: 5) { id name } }'")
                    .contains("source <(quiver generate-completion)")
                    .contains("Exit status: 0 done, 1", "2 bad command line")
                    .contains("make run");
        }
    }

    @Test
    void queryHelpExplainsFormatsVariablesAndEachOptionsEnvironmentVariable() {
        for (String[] args : new String[][] {{"query", "--help"}, {"help", "query"}}) {
            CliRunner.Result result = cli.run(args);
            assertThat(result.status()).isZero();
            assertThat(result.stdout()).contains("Usage: quiver query [OPTIONS] [GRAPHQL...]")
                    .contains("--vars=JSON", "-f, --format=FORMAT", "table:", "csv:", "json:", "arrow:",
                            "--limit-display=N", "--progress", "-o, --output=FILE")
                    .contains("--server=URI", "Default: grpc://localhost:50051", "Env: QUIVER_URL")
                    .contains("--token=TOKEN", "Env: QUIVER_TOKEN", "--timeout=DURATION", "Env: QUIVER_TIMEOUT")
                    .contains("--vars '{\"n\": 3}'")
                    .contains("pyarrow.ipc.open_stream");
        }
    }

    @Test
    void mutateHelpSaysHowAWriteIsSent() {
        for (String[] args : new String[][] {{"mutate", "--help"}, {"help", "mutate"}}) {
            CliRunner.Result result = cli.run(args);
            assertThat(result.status()).isZero();
            assertThat(result.stdout()).contains("Usage: quiver mutate [OPTIONS] [GRAPHQL...]")
                    .contains("DoExchange", "--vars=JSON", "--operation=NAME", "--format=FORMAT", "--output=FILE")
                    .contains("quiver mutate 'mutation { updateOrderStatus(id: \"1\", status: \"shipped\")")
                    .doesNotContain("--progress", "--limit-display");
        }
    }

    @Test
    void helpWinsOverOtherwiseBrokenCommandLines() {
        CliRunner.Result result = cli.run("health", "-h", "--server", "nonsense");
        assertThat(result.status()).isZero();
        assertThat(result.stdout()).contains("Usage: quiver health [OPTIONS]");
    }

    @Test
    void sdlHelp() {
        CliRunner.Result result = cli.run("sdl", "--help");
        assertThat(result.status()).isZero();
        assertThat(result.stdout()).contains("Usage: quiver sdl [OPTIONS]").contains("quiver sdl > schema.graphql");
    }
}
