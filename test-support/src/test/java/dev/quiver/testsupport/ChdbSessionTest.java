package dev.quiver.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chdb child process: its protocol, its errors, and that it is the pinned chdb-core. */
class ChdbSessionTest {

    @Test
    void runsThePinnedChdbCore() throws Exception {
        Path requirements = RepoRoot.find().resolve("test-support/src/main/python/requirements.txt");
        String pin = Files.readAllLines(requirements).stream().filter(l -> l.startsWith("chdb-core==")).findFirst()
                .orElseThrow().substring("chdb-core==".length()).trim();

        try (ChdbSession chdb = ChdbSession.start()) {
            assertThat(chdb.version()).isEqualTo(pin);
            String majorMinor = pin.replaceAll("^(\\d+\\.\\d+).*", "$1"); // chdb-core 26.9.x embeds ClickHouse 26.9
            assertThat(chdb.query("SELECT version()").trim()).startsWith(majorMinor + ".");
        }
    }

    @Test
    void answersTabSeparatedUnlessTheStatementNamesAFormat() throws Exception {
        try (ChdbSession chdb = ChdbSession.start()) {
            assertThat(chdb.query("SELECT 'a\tb' AS s, NULL AS n")).isEqualTo("a\\tb\t\\N\n");
            assertThat(chdb.query("SELECT 'é' AS s FORMAT JSONEachRow")).isEqualTo("{\"s\":\"é\"}\n");
            assertThat(chdb.query("CREATE TABLE t (s String) ENGINE = MergeTree ORDER BY s")).isEmpty();
        }
    }

    @Test
    void insertsAPayloadIntoTheNamedColumns() throws Exception {
        try (ChdbSession chdb = ChdbSession.start()) {
            chdb.query("CREATE TABLE t (a String, b UInt8 DEFAULT 7) ENGINE = MergeTree ORDER BY a");

            chdb.insert("t", List.of("a"), "TabSeparated", "x\ny'\n".getBytes(StandardCharsets.UTF_8));

            // TabSeparated escapes the quote
            assertThat(chdb.query("SELECT a, b FROM t ORDER BY a")).isEqualTo("x\t7\ny\\'\t7\n");
        }
    }

    @Test
    void aRefusedStatementThrowsClickHousesMessageAndTheSessionGoesOn() throws Exception {
        try (ChdbSession chdb = ChdbSession.start()) {
            assertThatThrownBy(() -> chdb.query("SELECT nope FROM system.one"))
                    .isInstanceOf(ChdbSession.SqlException.class).hasMessageContaining("UNKNOWN_IDENTIFIER")
                    .hasMessageContaining("SELECT nope FROM system.one");
            assertThat(chdb.query("SELECT 1")).isEqualTo("1\n");
        }
    }
}
