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
}
