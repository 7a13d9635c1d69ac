package dev.quiver.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceUnavailableExceptionTest {

    /** A loopback port nothing listens on (bound once, then released). */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Services localServicesWith(Map<String, String> env) {
        return Services.fromEnvironment(key -> key.equals(Services.MODE_VARIABLE) ? "local" : env.get(key));
    }

    @Test
    void redisOnAClosedPortFailsNamingServiceAddressAndStartCommand() throws IOException {
        int port = closedPort();
        Services services = localServicesWith(Map.of("QUIVER_REDIS_PORT", Integer.toString(port)));

        assertThatThrownBy(() -> services.require(ServiceName.REDIS))
                .isInstanceOf(ServiceUnavailableException.class)
                .hasMessageContaining("Redis (redis)")
                .hasMessageContaining("127.0.0.1:" + port)
                .hasMessageContaining("connection refused")
                .hasMessageContaining("scripts/services.sh up")
                .hasMessageContaining("make services")
                .satisfies(e -> assertThat(((ServiceUnavailableException) e).service()).isEqualTo(ServiceName.REDIS));
    }

    @Test
    void clickHouseOnAClosedPortFailsNamingTheHttpProbe() throws IOException {
        int port = closedPort();
        Services services = localServicesWith(Map.of("QUIVER_CLICKHOUSE_HTTP_PORT", Integer.toString(port)));

        assertThatThrownBy(() -> services.require(ServiceName.CLICKHOUSE))
                .isInstanceOf(ServiceUnavailableException.class)
                .hasMessageContaining("ClickHouse (clickhouse)")
                .hasMessageContaining("http://127.0.0.1:" + port + "/?query=SELECT%201")
                .hasMessageContaining("connection refused")
                .hasMessageContaining("scripts/services.sh up");
    }

    @Test
    void postgresOnAClosedPortFails() throws IOException {
        int port = closedPort();
        Services services = localServicesWith(Map.of("QUIVER_POSTGRES_PORT", Integer.toString(port)));

        assertThatThrownBy(() -> services.require(ServiceName.POSTGRES))
                .isInstanceOf(ServiceUnavailableException.class)
                .hasMessageContaining("PostgreSQL (postgres)")
                .hasMessageContaining("127.0.0.1:" + port)
                .hasMessageContaining("scripts/services.sh up");
    }

    @Test
    void awaitReadyGivesUpWithTheLastProbe() throws IOException {
        int port = closedPort();
        Services services = localServicesWith(Map.of("QUIVER_ELASTICSEARCH_PORT", Integer.toString(port)));

        assertThatThrownBy(() -> services.awaitReady(ServiceName.ELASTICSEARCH, java.time.Duration.ofMillis(600)))
                .isInstanceOf(ServiceUnavailableException.class)
                .hasMessageContaining("Elasticsearch (elasticsearch)")
                .hasMessageContaining("waited")
                .hasMessageContaining("connection refused");
    }

    @Test
    void unknownServicesModeIsRejectedNamingTheVariable() {
        assertThatThrownBy(() -> Services.fromEnvironment(Map.of("QUIVER_SERVICES", "cloud")::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("QUIVER_SERVICES")
                .hasMessageContaining("cloud");
    }
}
