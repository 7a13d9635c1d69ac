package dev.quiver.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.flight.request.QueryLimits;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --http-port} / {@code QUIVER_HTTP_PORT}, a port in use, and the banner {@code make run} prints. */
class ServerConfigHttpPortTest {

    @Test
    void defaultsTo8080() {
        assertThat(ServerArgs.parse().httpPort()).isEqualTo(8080);
    }

    @Test
    void theFlagTakesBothForms() {
        assertThat(ServerArgs.parse("--http-port", "0").httpPort()).isZero();
        assertThat(ServerArgs.parse("--http-port=8181").httpPort()).isEqualTo(8181);
    }

    @Test
    void outOfRangeOrNonNumericPortsAreRefusedNamingTheFlag() {
        assertThatThrownBy(() -> ServerArgs.parse("--http-port", "70000"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--http-port must be 0..65535");
        assertThatThrownBy(() -> ServerArgs.parse("--http-port", "web"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--http-port")
                .hasMessageContaining("'web' is not an int");
    }

    @Test
    void theSamePortForBothTransportsIsRefused() {
        assertThatThrownBy(() -> ServerArgs.parse("--flight-port", "9000", "--http-port", "9000"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("give each its own port");
    }

    @Test
    void helpDocumentsTheFlagAndItsVariable() {
        String help = ServerArgs.execute("--help").out();
        assertThat(help).contains("--http-port=PORT", "QUIVER_HTTP_PORT", "Default: 8080", "/graphql", "/metrics");
        assertThat(help).contains("--allowed-hosts", "QUIVER_ALLOWED_HOSTS", "https:");
    }

    @Test
    void aPortInUseFailsTheStartNamingTheFlag() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            ServerConfig config = ServerConfig.builder().httpPort(taken.getLocalPort()).demoRows(10)
                    .batchRows(100).build();
            assertThatThrownBy(() -> QuiverServer.start(config)).isInstanceOf(IOException.class)
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("--http-port or QUIVER_HTTP_PORT");
        }
    }

    @Test
    void theBannerNamesBothUrlsAndExamplesForCurlPythonAndJava() {
        String banner = QuiverServerMain.banner("grpc://localhost:50051", "0.0.0.0", 8080, "{ users(limit: 5) { id name } }");
        assertThat(banner).contains(
                "grpc://localhost:50051",
                "http://localhost:8080/graphql",
                "http://localhost:8080/health",
                "http://localhost:8080/metrics",
                "curl -s http://localhost:8080/graphql -H 'Content-Type: application/json'",
                "-d '{\"query\": \"{ users(limit: 5) { id name } }\"}'",
                "quiver.connect('grpc://localhost:50051').query('{ users(limit: 5) { id name } }').to_pandas()",
                "client/bin/quiver query '{ users(limit: 5) { id name } }' --server grpc://localhost:50051");
    }

    @Test
    void withTlsTheBannerNamesHttpsUrls() {
        String banner = QuiverServerMain.banner("grpc+tls://localhost:50051", "127.0.0.1", 8080, "{ users { id } }");
        assertThat(banner).contains("https://127.0.0.1:8080/graphql", "curl -s https://127.0.0.1:8080/graphql")
                .doesNotContain("http://");
    }
}
