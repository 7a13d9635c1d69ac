package dev.quiver.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerConfigTest {
    private static ServerConfig parse(String... args) {
        return ServerConfig.parse(args, name -> null);
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
    void loadDemoTakesAnExplicitValueAndTheEnvironment() {
        assertThat(parse("--jdbc-url=jdbc:postgresql://x/q", "--load-demo=false").loadDemo()).isFalse();
        Map<String, String> env = Map.of("QUIVER_LOAD_DEMO", "true", "QUIVER_JDBC_URL", "jdbc:postgresql://x/q");
        assertThat(ServerConfig.parse(new String[0], env::get).loadDemo()).isTrue();
    }

    @Test
    void loadDemoWithoutJdbcUrlIsRefused() {
        assertThatThrownBy(() -> parse("--load-demo")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--load-demo loads into the --jdbc-url database");
    }

    @Test
    void loadDemoValueMustBeBoolean() {
        assertThatThrownBy(() -> parse("--jdbc-url=jdbc:postgresql://x/q", "--load-demo=yes"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("true or false, got 'yes'");
    }

    @Test
    void helpTeachesLoadDemo() {
        assertThat(ServerConfig.HELP).contains("--load-demo", "COPY", "currentSchema");
    }
}
