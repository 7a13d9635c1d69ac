package dev.quiver.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.client.ErrorCode;
import dev.quiver.client.QuiverClient;
import dev.quiver.client.QuiverClientConfig;
import dev.quiver.client.QuiverQueryException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.apache.arrow.vector.table.Table;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java client and the {@code quiver} CLI against the real server jar with authentication and TLS on:
 * basic credentials exchanged for a bearer token, over {@code grpc+tls://} with the test certificate trusted.
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
        server = QuiverServerProcess.start(directory.resolve("server.log"), "--users", USER + ":" + PASSWORD,
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
        assertThat(result.status()).as(result.stderr()).isEqualTo(QuiverCli.EXIT_OK);
        assertThat(result.stdout().strip().lines()).hasSize(4).first().isEqualTo("id");
    }

    @Test
    void theCliReportsAWrongPassword() {
        CliRunner.Result result = new CliRunner().run("health", "--server", uri.toString(), "--user", USER,
                "--password", "wrong", "--trusted-cert", resource("server.crt").toString());
        assertThat(result.status()).isEqualTo(QuiverCli.EXIT_FAILED);
        assertThat(result.stderr()).contains("wrong user name or password");
    }

    private static Path resource(String name) {
        try {
            return Path.of(LiveServerIT.class.getResource("/tls/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
