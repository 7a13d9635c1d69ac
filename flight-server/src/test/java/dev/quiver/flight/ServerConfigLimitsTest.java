package dev.quiver.flight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.flight.request.QueryLimits;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The request text budgets: each a flag, an environment variable and a default, and each in {@code --help}. */
class ServerConfigLimitsTest {
    @Test
    void budgetsHaveSafeDefaults() {
        QueryLimits limits = ServerConfig.parse(new String[0], name -> null).limits();
        assertThat(limits).isEqualTo(QueryLimits.DEFAULTS);
        assertThat(limits.maxOutputColumns()).isEqualTo(256);
        assertThat(limits.maxInList()).isEqualTo(1_000);
        assertThat(limits.maxWhereDepth()).isEqualTo(16);
        assertThat(limits.maxCachedQueryChars()).isEqualTo(2_000_000);
    }

    @Test
    void budgetsComeFromFlagsOrTheEnvironment() {
        QueryLimits flags = ServerConfig.parse(new String[] {"--max-output-columns", "64", "--max-in-list=10",
                "--max-where-depth", "4", "--document-cache-chars", "1_000"}, name -> null).limits();
        assertThat(flags).isEqualTo(new QueryLimits(10_000_000, 8, 100_000, 64, 10, 4, 1_000));
        Map<String, String> env = Map.of("QUIVER_MAX_OUTPUT_COLUMNS", "32", "QUIVER_MAX_IN_LIST", "5",
                "QUIVER_MAX_WHERE_DEPTH", "3", "QUIVER_DOCUMENT_CACHE_CHARS", "0");
        assertThat(ServerConfig.parse(new String[0], env::get).limits())
                .isEqualTo(new QueryLimits(10_000_000, 8, 100_000, 32, 5, 3, 0));
    }

    @Test
    void helpNamesEachBudgetAndItsVariable() {
        assertThat(ServerConfig.HELP).contains("--max-output-columns", "QUIVER_MAX_OUTPUT_COLUMNS", "--max-in-list",
                "QUIVER_MAX_IN_LIST", "--max-where-depth", "QUIVER_MAX_WHERE_DEPTH", "--document-cache-chars",
                "QUIVER_DOCUMENT_CACHE_CHARS");
    }
}
