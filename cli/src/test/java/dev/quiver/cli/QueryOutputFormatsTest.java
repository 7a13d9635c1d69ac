package dev.quiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.client.fake.FakeData;
import dev.quiver.client.fake.FakeQuiverServer;
import dev.quiver.client.fake.PartedAnswer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each output format of {@code quiver query} on the fake server's three users, compared with golden text. */
class QueryOutputFormatsTest {
    private static final String QUERY = "{ users { id name age score created manager { id name } orders { id total } } }";

    private FakeQuiverServer server;

    @BeforeEach
    void start() {
        server = FakeQuiverServer.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
    }

    private CliRunner.Result query(String... extra) {
        String[] args = new String[extra.length + 4];
        args[0] = "query";
        args[1] = QUERY;
        args[2] = "--server";
        args[3] = server.uri().toString();
        System.arraycopy(extra, 0, args, 4, extra.length);
        return new CliRunner().run(args);
    }

    @Test
    void tableIsTheDefault() {
        CliRunner.Result result = query();
        assertThat(result.status()).isZero();
        assertThat(result.stderr()).isEmpty();
        assertThat(result.stdout()).isEqualTo("""
                 id | name         | age  | score | created                  | manager                           | orders
                ----+--------------+------+-------+--------------------------+-----------------------------------+------------------------------------------
                 u1 | Ada Lovelace |   36 |   9.5 | 2024-05-01T12:00:00Z     | {"id":"u9","name":"Grace Hopper"} | [{"id":"o1","total":12.5},{"id":"o2","t…
                 u2 | Lin, "Bob"   | null |  7.25 | 2024-05-02T08:30:00.500Z | null                              | []
                 u3 | Zoë\\nSmith   |   41 |  null | 2024-05-03T00:00:00Z     | {"id":"u1","name":"Ada Lovelace"} | [{"id":"o3","total":100.0}]
                (3 rows)
                """);
        assertThat(server.producer().commands()).containsExactly(
                "{\"query\":\"" + QUERY + "\",\"variables\":null,\"operationName\":null}");
    }

    @Test
    void tableShowsOnlyTheDisplayLimitAndSaysSo() {
        CliRunner.Result result = query("--format", "table", "--limit-display", "1");
        assertThat(result.status()).isZero();
        assertThat(result.stdout()).isEqualTo("""
                 id | name         | age | score | created              | manager                           | orders
                ----+--------------+-----+-------+----------------------+-----------------------------------+------------------------------------------
                 u1 | Ada Lovelace |  36 |   9.5 | 2024-05-01T12:00:00Z | {"id":"u9","name":"Grace Hopper"} | [{"id":"o1","total":12.5},{"id":"o2","t…
                (showing the first 1 of 3 rows; --limit-display N shows more, --format csv all of them)
                """);
    }

    @Test
    void csvFollowsRfc4180() {
        CliRunner.Result result = query("--format", "csv");
        assertThat(result.status()).isZero();
        assertThat(result.stdout()).isEqualTo(
                "id,name,age,score,created,manager,orders\r\n"
                + "u1,Ada Lovelace,36,9.5,2024-05-01T12:00:00Z,\"{\"\"id\"\":\"\"u9\"\",\"\"name\"\":\"\"Grace Hopper\"\"}\","
                + "\"[{\"\"id\"\":\"\"o1\"\",\"\"total\"\":12.5},{\"\"id\"\":\"\"o2\"\",\"\"total\"\":3.0}]\"\r\n"
                + "u2,\"Lin, \"\"Bob\"\"\",,7.25,2024-05-02T08:30:00.500Z,,[]\r\n"
                + "u3,\"Zoë\nSmith\",41,,2024-05-03T00:00:00Z,\"{\"\"id\"\":\"\"u1\"\",\"\"name\"\":\"\"Ada Lovelace\"\"}\","
                + "\"[{\"\"id\"\":\"\"o3\"\",\"\"total\"\":100.0}]\"\r\n");
    }

    @Test
    void jsonIsOneObjectPerLine() {
        CliRunner.Result result = query("--format", "json");
        assertThat(result.status()).isZero();
        assertThat(result.stdout()).isEqualTo("""
                {"id":"u1","name":"Ada Lovelace","age":36,"score":9.5,"created":"2024-05-01T12:00:00Z",\
                "manager":{"id":"u9","name":"Grace Hopper"},"orders":[{"id":"o1","total":12.5},{"id":"o2","total":3.0}]}
                {"id":"u2","name":"Lin, \\"Bob\\"","age":null,"score":7.25,"created":"2024-05-02T08:30:00.500Z",\
                "manager":null,"orders":[]}
                {"id":"u3","name":"Zoë\\nSmith","age":41,"score":null,"created":"2024-05-03T00:00:00Z",\
                "manager":{"id":"u1","name":"Ada Lovelace"},"orders":[{"id":"o3","total":100.0}]}
                """);
    }

    @Test
    void arrowWritesAnIpcStreamToAFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("users.arrows");
        CliRunner.Result result = query("--format", "arrow", "--output", file.toString());
        assertThat(result.status()).isZero();
        assertThat(result.stdoutBytes()).isEmpty();
        assertIpcStreamOfTheFakeData(Files.readAllBytes(file));
    }

    @Test
    void arrowGoesToAPipe() throws IOException {
        CliRunner.Result result = query("-f", "arrow");
        assertThat(result.status()).isZero();
        assertIpcStreamOfTheFakeData(result.stdoutBytes());
    }

    @Test
    void arrowIsNotWrittenToATerminal() {
        String[] args = {"query", QUERY, "--server", server.uri().toString(), "--format", "arrow"};
        CliRunner.Result result = new CliRunner().terminal(true, true).run(args);
        assertThat(result.status()).isEqualTo(2);
        assertThat(result.stdoutBytes()).isEmpty();
        assertThat(result.stderr()).contains("--format arrow writes binary").contains("--output FILE");
        assertThat(server.producer().commands()).as("refused before asking the server").isEmpty();
    }

    @Test
    void outputGoesToTheFileNamed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("users.csv");
        CliRunner.Result result = query("--format", "csv", "-o", file.toString());
        assertThat(result.status()).isZero();
        assertThat(result.stdout()).isEmpty();
        assertThat(Files.readString(file)).startsWith("id,name,age,score,created,manager,orders\r\nu1,");
    }

    @Test
    void aFailedStreamLeavesNoHalfWrittenFile(@TempDir Path dir) {
        server.producer().failStream(org.apache.arrow.flight.CallStatus.RESOURCE_EXHAUSTED
                .withDescription("the result exceeds the row limit of 2"));
        Path file = dir.resolve("users.csv");
        CliRunner.Result result = query("--format", "csv", "-o", file.toString());
        assertThat(result.status()).isEqualTo(1);
        assertThat(result.stderr()).contains("RESOURCE_EXHAUSTED").contains("the result exceeds the row limit of 2");
        assertThat(file).doesNotExist();
    }

    @Test
    void progressCountsRowsOnStandardError() {
        String[] args = {"query", QUERY, "--server", server.uri().toString(), "--format", "csv", "--progress"};
        CliRunner.Result result = new CliRunner().clockStep(1_100_000_000L).run(args);
        assertThat(result.status()).isZero();
        // every clock read is 1.1 s later: one line per batch (at most one a second off a terminal), then the summary
        assertThat(result.stderr()).isEqualTo("""
                2 of ~3 rows  2 rows/s
                3 of ~3 rows  1 rows/s
                3 rows in 3.3 s (1 rows/s)
                """);
        assertThat(result.stdout()).startsWith("id,name");
    }

    @Test
    void progressIsAutomaticOnlyWhenStandardErrorIsATerminal() {
        String[] args = {"query", QUERY, "--server", server.uri().toString(), "--format", "json"};
        assertThat(new CliRunner().run(args).stderr()).isEmpty();
        assertThat(new CliRunner().terminal(true, true).run(args).stderr())
                .as("rows stream to the same terminal").isEmpty();
        assertThat(new CliRunner().terminal(false, true).run(args).stderr()).contains("3 rows in ");
    }

    private static void assertIpcStreamOfTheFakeData(byte[] bytes) throws IOException {
        try (RootAllocator allocator = new RootAllocator();
                ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(bytes), allocator)) {
            assertThat(reader.getVectorSchemaRoot().getSchema()).isEqualTo(FakeData.SCHEMA);
            int rows = 0;
            int batches = 0;
            while (reader.loadNextBatch()) {
                rows += reader.getVectorSchemaRoot().getRowCount();
                batches++;
            }
            assertThat(batches).isEqualTo(2);
            assertThat(rows).isEqualTo(3);
        }
    }

    @Test
    void severalEndpointsAreAskedForAndWrittenInOrder() {
        PartedAnswer answer = new PartedAnswer(3, 2, 2, -1);
        server.producer().answerInParts(answer);
        CliRunner.Result result = query("--endpoints", "3", "--format", "csv");
        assertThat(result.status()).isZero();
        assertThat(result.stdout().lines().skip(1).map(line -> line.split(",")[0]).toList()).isEqualTo(answer.ids());
        assertThat(server.producer().commands()).singleElement().asString().endsWith(",\"endpoints\":3}");
    }
}
