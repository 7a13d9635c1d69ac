package dev.quiver.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The client budgets' flags: defaults, flags, environment variables, refusals, and the help text. */
class ServerConfigBudgetsTest {
    @Test
    void defaultsAreTheSafeBudgets() {
        ServerConfig config = ServerConfig.parse(new String[0], name -> null);

        assertThat(config.budgets()).isEqualTo(new ClientBudgets(16 << 20, 64 << 10, Duration.ofSeconds(30),
                Duration.ofSeconds(60), 256L << 20, 1_000_000));
    }

    @Test
    void flagsAndEnvironmentSetEachBudget() {
        Map<String, String> env = Map.of("QUIVER_MAX_REQUEST_MEMORY", "33554432", "QUIVER_HTTP_WRITE_TIMEOUT", "PT5S");
        ServerConfig config = ServerConfig.parse(new String[] {"--max-message-bytes", "1048576", "--max-header-bytes",
                "16384", "--http-read-timeout", "10", "--max-relation-rows", "5000"}, env::get);

        assertThat(config.budgets()).isEqualTo(new ClientBudgets(1 << 20, 16 << 10, Duration.ofSeconds(10),
                Duration.ofSeconds(5), 32L << 20, 5_000));
    }

    @Test
    void unusableBudgetsAreRefusedNamingTheirFlag() {
        assertThatThrownBy(() -> ServerConfig.parse(new String[] {"--http-read-timeout", "0.5"}, name -> null))
                .hasMessageContaining("--http-read-timeout");
        assertThatThrownBy(() -> ServerConfig.parse(new String[] {"--max-request-memory", "lots"}, name -> null))
                .hasMessageContaining("--max-request-memory");
        assertThatThrownBy(() -> ServerConfig.parse(new String[] {"--max-message-bytes", "10"}, name -> null))
                .hasMessageContaining("--max-message-bytes");
    }

    @Test
    void theServerWideMemoryIsAFlagOrHalfTheJvmsDirectMemory() {
        assertThat(ServerConfig.parse(new String[] {"--max-server-memory", "67108864"}, name -> null).budgets()
                .serverMemory()).isEqualTo(64L << 20);
        assertThat(ServerConfig.parse(new String[0], Map.of("QUIVER_MAX_SERVER_MEMORY", "33554432")::get).budgets()
                .serverMemory()).isEqualTo(32L << 20);
        assertThat(ClientBudgets.DEFAULTS.serverMemory()).isEqualTo(ClientBudgets.maxDirectMemory() / 2);
        assertThatThrownBy(() -> ServerConfig.parse(new String[] {"--max-server-memory", "1000"}, name -> null))
                .hasMessageContaining("--max-server-memory");
    }

    @Test
    void helpNamesEveryBudgetFlag() {
        ClientBudgets.FLAGS.forEach(flag -> assertThat(ServerConfig.HELP).contains("--" + flag));
    }
}
