package dev.quiver.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.client.ErrorCode;
import dev.quiver.client.QuiverClient;
import dev.quiver.client.QuiverClientConfig;
import dev.quiver.client.QuiverQueryException;
import dev.quiver.client.fake.FakeQuiverServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.apache.arrow.vector.table.Row;
import org.apache.arrow.vector.table.Table;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java client and the {@code quiver} CLI against the real server jar with authentication and TLS on:
 * basic credentials exchanged for a bearer token, over {@code grpc+tls://} with the test certificate trusted.
 * The server runs on its embedded demo database with the outbox relay off, so the mutations here stay in it.
 */
@Timeout(180)
class LiveServerIT {
    private static final String USER = "alice";
    private static final String PASSWORD = "s3cret";

    @TempDir
    static Path directory;
    private static QuiverServerProcess server;
    private static URI uri;

    @BeforeAll
    static void startServer() throws Exception {
        server = QuiverServerProcess.start(directory.resolve("server.log"), "--users", USER + ":" + PASSWORD + ":read-write",
                "--tls-cert", resource("server.crt").toString(), "--tls-key", resource("server.key").toString());
        uri = URI.create("grpc+tls://localhost:" + server.port()); // the certificate is for localhost
        assertThat(server.uri().getScheme()).isEqualTo("grpc+tls");
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            assertThat(server.output()).as("the server never logs a password").doesNotContain(PASSWORD);
            server.close();
        }
    }

    @Test
    void theLibraryLogsInOverTlsAndQueries() {
        QuiverClientConfig config = QuiverClientConfig.builder().uri(uri).basicAuth(USER, PASSWORD)
                .trustedCertificate(resource("server.crt")).build();
        try (QuiverClient client = QuiverClient.connect(config);
             Table users = client.queryTable("{ users(limit: 5) { id name } }", null)) {
            assertThat(users.getRowCount()).isEqualTo(5);
            assertThat(client.health().isOk()).isTrue();
            assertThat(client.sdl()).contains("type Query");
        }
    }

    @Test
    void theLibraryMutatesOnceOverDoExchangeAndQueryRefusesAMutation() {
        String create = "mutation($total: Decimal!) { createOrder(input: {userId: \"2\", status: \"it-created\","
                + " total: $total, itemCount: 3, createdAt: \"2026-01-05T08:00:00Z\"}) { id status itemCount } }";
        try (QuiverClient client = QuiverClient.connect(config())) {
            long before = count(client, "{ orders(where: {status: {eq: \"it-created\"}}) { id } }");

            String id;
            try (Table created = client.mutate(create, Map.of("total", "30.00"))) {
                assertThat(created.getRowCount()).isOne();
                Row row = created.immutableRow().setPosition(0);
                assertThat(row.getVarCharObj("status")).isEqualTo("it-created");
                assertThat(row.getInt("itemCount")).isEqualTo(3);
                id = row.getVarCharObj("id");
            }
            assertThat(count(client, "{ orders(where: {status: {eq: \"it-created\"}}) { id } }"))
                    .as("one mutate, one order").isEqualTo(before + 1);

            assertThatThrownBy(() -> client.query(create, Map.of("total", "30.00")))
                    .isInstanceOfSatisfying(QuiverQueryException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_QUERY))
                    .hasMessageContaining("send it with DoExchange");
            assertThatThrownBy(() -> client.mutate("{ orders(limit: 1) { id } }"))
                    .isInstanceOfSatisfying(QuiverQueryException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_QUERY))
                    .hasMessageContaining("DoExchange runs mutations");
            assertThat(count(client, "{ orders(where: {status: {eq: \"it-created\"}}) { id } }"))
                    .as("the refused query wrote nothing").isEqualTo(before + 1);

            try (Table deleted = client.mutate("mutation($id: ID!) { deleteOrder(id: $id) { id } }",
                    Map.of("id", id))) {
                assertThat(deleted.immutableRow().setPosition(0).getVarCharObj("id")).isEqualTo(id);
            }
            assertThat(count(client, "{ orders(where: {status: {eq: \"it-created\"}}) { id } }")).isEqualTo(before);
        }
    }

    @Test
    void theCliMutatesAndPrintsTheChangedRow() {
        CliRunner.Result result = new CliRunner().run("mutate",
                "mutation { updateOrderStatus(id: \"3\", status: \"cli-shipped\") { id status } }",
                "--server", uri.toString(), "--user", USER, "--password", PASSWORD,
                "--trusted-cert", resource("server.crt").toString(), "-f", "csv");
        assertThat(result.status()).as(result.stderr()).isEqualTo(ClientCommand.EXIT_OK);
        assertThat(result.stdout()).isEqualTo("id,status\r\n3,cli-shipped\r\n");
    }

    @Test
    void aWrongPasswordIsATypedUnauthenticatedError() {
        QuiverClientConfig config = QuiverClientConfig.builder().uri(uri).basicAuth(USER, "wrong")
                .trustedCertificate(resource("server.crt")).build();
        assertThatThrownBy(() -> QuiverClient.connect(config).close())
                .isInstanceOfSatisfying(QuiverQueryException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED))
                .hasMessageContaining("wrong user name or password");
    }

    @Test
    void noCredentialsIsUnauthenticatedSayingWhatToSend() {
        QuiverClientConfig config = QuiverClientConfig.builder().uri(uri).trustedCertificate(resource("server.crt"))
                .build();
        try (QuiverClient client = QuiverClient.connect(config)) {
            assertThatThrownBy(() -> client.query("{ users { id } }"))
                    .isInstanceOfSatisfying(QuiverQueryException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED))
                    .hasMessageContaining("requires authentication");
        }
    }

    @Test
    void theCliQueriesWithUserPasswordAndTrustedCertificate() {
        CliRunner.Result result = new CliRunner().run("query", "{ users(limit: 3) { id } }", "--server", uri.toString(),
                "--user", USER, "--password", PASSWORD, "--trusted-cert", resource("server.crt").toString(), "-f", "csv");
        assertThat(result.status()).as(result.stderr()).isEqualTo(ClientCommand.EXIT_OK);
        assertThat(result.stdout().strip().lines()).hasSize(4).first().isEqualTo("id");
    }

    @Test
    void theCliReportsAWrongPassword() {
        CliRunner.Result result = new CliRunner().run("health", "--server", uri.toString(), "--user", USER,
                "--password", "wrong", "--trusted-cert", resource("server.crt").toString());
        assertThat(result.status()).isEqualTo(ClientCommand.EXIT_FAILED);
        assertThat(result.stderr()).contains("wrong user name or password");
    }

    private static QuiverClientConfig config() {
        return QuiverClientConfig.builder().uri(uri).basicAuth(USER, PASSWORD)
                .trustedCertificate(resource("server.crt")).build();
    }

    private static long count(QuiverClient client, String query) {
        try (Table rows = client.queryTable(query, null)) {
            return rows.getRowCount();
        }
    }

    /** The client test-jar's TLS file {@code name}, copied out of the jar (a class path entry is no file). */
    private static Path resource(String name) {
        Path file = directory.resolve(name);
        if (!Files.exists(file)) {
            try (InputStream in = FakeQuiverServer.class.getResourceAsStream("/tls/" + name)) {
                Files.copy(Objects.requireNonNull(in, "/tls/" + name + " is not on the class path"), file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return file;
    }
}
