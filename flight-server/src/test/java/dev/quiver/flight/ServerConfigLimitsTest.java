package dev.quiver.flight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.flight.request.QueryLimits;
import org.junit.jupiter.api.Test;

/** The request text budgets: each a flag with an environment variable and a default, and each in {@code --help}. */
class ServerConfigLimitsTest {
    @Test
    void budgetsHaveSafeDefaults() {
        QueryLimits limits = ServerArgs.parse().limits();
        assertThat(limits).isEqualTo(QueryLimits.DEFAULTS);
        assertThat(limits.maxOutputColumns()).isEqualTo(256);
        assertThat(limits.maxInList()).isEqualTo(1_000);
        assertThat(limits.maxWhereDepth()).isEqualTo(16);
        assertThat(limits.maxCachedQueryChars()).isEqualTo(2_000_000);
    }

    @Test
    void budgetsComeFromFlags() {
        QueryLimits flags = ServerArgs.parse("--max-output-columns", "64", "--max-in-list=10",
                "--max-where-depth", "4", "--document-cache-chars", "1000").limits();
        assertThat(flags).isEqualTo(new QueryLimits(10_000_000, 8, 100_000, 64, 10, 4, 1_000));
        assertThat(ServerArgs.parse("--document-cache-chars", "0").limits().maxCachedQueryChars()).isZero();
    }

    @Test
    void helpNamesEachBudgetAndItsVariable() {
        assertThat(ServerArgs.execute("--help").out()).contains("--max-output-columns", "QUIVER_MAX_OUTPUT_COLUMNS", "--max-in-list",
                "QUIVER_MAX_IN_LIST", "--max-where-depth", "QUIVER_MAX_WHERE_DEPTH", "--document-cache-chars",
                "QUIVER_DOCUMENT_CACHE_CHARS");
    }
}
