package dev.quiver.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The client budgets' flags: defaults, flags, refusals, and the help text. */
class ServerConfigBudgetsTest {
    @Test
    void defaultsAreTheSafeBudgets() {
        ServerConfig config = ServerArgs.parse();

        assertThat(config.budgets()).isEqualTo(new ClientBudgets(16 << 20, 64 << 10, Duration.ofSeconds(30),
                Duration.ofSeconds(60), 256L << 20, 1_000_000));
    }

    @Test
    void flagsSetEachBudget() {
        ServerConfig config = ServerArgs.parse("--max-message-bytes", "1048576", "--max-header-bytes", "16384",
                "--http-read-timeout", "10", "--max-relation-rows", "5000", "--max-request-memory", "33554432",
                "--http-write-timeout", "PT5S");

        assertThat(config.budgets()).isEqualTo(new ClientBudgets(1 << 20, 16 << 10, Duration.ofSeconds(10),
                Duration.ofSeconds(5), 32L << 20, 5_000));
    }

    @Test
    void unusableBudgetsAreRefusedNamingTheirFlag() {
        assertThatThrownBy(() -> ServerArgs.parse("--http-read-timeout", "0.5"))
                .hasMessageContaining("--http-read-timeout");
        assertThatThrownBy(() -> ServerArgs.parse("--max-request-memory", "lots"))
                .hasMessageContaining("--max-request-memory");
        assertThatThrownBy(() -> ServerArgs.parse("--max-message-bytes", "10"))
                .hasMessageContaining("--max-message-bytes");
    }

    @Test
    void theServerWideMemoryIsAFlagOrHalfTheJvmsDirectMemory() {
        assertThat(ServerArgs.parse("--max-server-memory", "67108864").budgets()
                .serverMemory()).isEqualTo(64L << 20);
        assertThat(ServerArgs.parse("--max-server-memory", "33554432").budgets()
                .serverMemory()).isEqualTo(32L << 20);
        assertThat(ClientBudgets.DEFAULTS.serverMemory()).isEqualTo(ClientBudgets.maxDirectMemory() / 2);
        assertThatThrownBy(() -> ServerArgs.parse("--max-server-memory", "1000"))
                .hasMessageContaining("--max-server-memory");
    }

    @Test
    void helpNamesEveryBudgetFlag() {
        assertThat(ServerArgs.execute("--help").out()).contains("--max-message-bytes", "--max-header-bytes",
                "--http-read-timeout", "--http-write-timeout", "--max-request-memory", "--max-relation-rows",
                "--max-server-memory");
    }
}
