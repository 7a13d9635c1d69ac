package dev.quiver.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServerConfigTest {
    private static ServerConfig parse(String... args) {
        return ServerArgs.parse(args);
    }

    @Test
    void loadDemoIsOffByDefault() {
        assertThat(parse("--jdbc-url", "jdbc:postgresql://localhost/quiver").loadDemo()).isFalse();
    }

    @Test
    void loadDemoStandsAloneWithoutEatingTheNextFlag() {
        ServerConfig config = parse("--load-demo", "--jdbc-url", "jdbc:postgresql://localhost/quiver", "--demo-rows", "500");
        assertThat(config.loadDemo()).isTrue();
        assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/quiver");
        assertThat(config.demoRows()).isEqualTo(500);
        assertThat(parse("--jdbc-url", "jdbc:postgresql://localhost/quiver", "--load-demo").loadDemo()).isTrue();
    }

    @Test
    void loadDemoIsTurnedOffWithItsNegatedFormOrFalse() {
        assertThat(parse("--jdbc-url=jdbc:postgresql://x/q", "--no-load-demo").loadDemo()).isFalse();
        assertThat(parse("--jdbc-url=jdbc:postgresql://x/q", "--load-demo=false").loadDemo()).isFalse();
        assertThat(parse("--jdbc-url=jdbc:postgresql://x/q", "--load-demo=true").loadDemo()).isTrue();
    }

    @Test
    void loadDemoWithoutJdbcUrlIsRefused() {
        assertThatThrownBy(() -> parse("--load-demo")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--load-demo loads into the --jdbc-url database");
    }

    @Test
    void loadDemoTakesOnlyTrueOrFalse() {
        assertThatThrownBy(() -> parse("--jdbc-url=jdbc:postgresql://x/q", "--load-demo=yes"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--load-demo");
    }

    @Test
    void helpTeachesLoadDemo() {
        assertThat(ServerArgs.execute("--help").out()).contains("--[no-]load-demo", "COPY", "currentSchema",
                "QUIVER_LOAD_DEMO");
    }

    @Test
    void oneEndpointPerQueryOnThisServerByDefault() {
        ServerConfig config = parse();
        assertThat(config.maxEndpoints()).isEqualTo(1);
        assertThat(config.endpointLocations()).isEmpty();
    }

    @Test
    void maxEndpointsAndEndpointLocationsAreRead() {
        ServerConfig config = parse("--max-endpoints", "4", "--endpoint-locations",
                "grpc://10.0.0.2:50051,grpc+tls://q3.example:443");
        assertThat(config.maxEndpoints()).isEqualTo(4);
        assertThat(config.endpointLocations()).containsExactly(java.net.URI.create("grpc://10.0.0.2:50051"),
                java.net.URI.create("grpc+tls://q3.example:443"));
    }

    @Test
    void maxEndpointsBelowOneIsRefused() {
        assertThatThrownBy(() -> parse("--max-endpoints", "0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--max-endpoints must be at least 1");
    }

    @Test
    void anEndpointLocationMustBeAFlightUriWithHostAndPort() {
        for (String location : new String[] {"http://h:1", "grpc://h", "h:50051"}) {
            assertThatThrownBy(() -> parse("--endpoint-locations", location)).as(location)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--endpoint-locations takes");
        }
    }
}
