package dev.quiver.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.flight.request.QueryLimits;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --http-port} / {@code QUIVER_HTTP_PORT}, a port in use, and the banner {@code make run} prints. */
class ServerConfigHttpPortTest {

    @Test
    void defaultsTo8080() {
        assertThat(ServerConfig.parse(new String[0], name -> null).httpPort()).isEqualTo(8080);
    }

    @Test
    void theFlagWinsOverTheEnvironment() {
        Map<String, String> env = Map.of("QUIVER_HTTP_PORT", "9090");
        assertThat(ServerConfig.parse(new String[0], env::get).httpPort()).isEqualTo(9090);
        assertThat(ServerConfig.parse(new String[] {"--http-port", "0"}, env::get).httpPort()).isZero();
        assertThat(ServerConfig.parse(new String[] {"--http-port=8181"}, env::get).httpPort()).isEqualTo(8181);
    }

    @Test
    void outOfRangeOrNonNumericPortsAreRefusedNamingTheFlag() {
        assertThatThrownBy(() -> ServerConfig.parse(new String[] {"--http-port", "70000"}, name -> null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--http-port must be 0..65535");
        assertThatThrownBy(() -> ServerConfig.parse(new String[] {"--http-port", "web"}, name -> null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--http-port must be a whole number");
    }

    @Test
    void theSamePortForBothTransportsIsRefused() {
        assertThatThrownBy(() -> ServerConfig.parse(new String[] {"--port", "9000", "--http-port", "9000"}, name -> null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("give each its own port");
    }

    @Test
    void helpDocumentsTheFlagAndItsVariable() {
        assertThat(ServerConfig.HELP).contains("--http-port N", "QUIVER_HTTP_PORT", "default 8080", "/graphql", "/metrics");
        assertThat(ServerConfig.HELP).contains("--allowed-hosts", "QUIVER_ALLOWED_HOSTS", "https://");
    }

    @Test
    void aPortInUseFailsTheStartNamingTheFlag() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            ServerConfig config = new ServerConfig("127.0.0.1", 0, taken.getLocalPort(), null, null, "quiver", "quiver", 10, 100,
                    QueryLimits.DEFAULTS);
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
