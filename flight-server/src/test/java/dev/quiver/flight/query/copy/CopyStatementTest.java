package dev.quiver.flight.query.copy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CopyStatementTest {

    @Test
    void placeholdersBecomeLiteralsInsideABinaryCopy() {
        assertThat(CopyStatement.of("SELECT \"id\" FROM \"orders\" WHERE \"status\" = ? LIMIT ? OFFSET ?",
                List.of("PAID", 10L, 0L), true))
                .contains("COPY (SELECT \"id\" FROM \"orders\" WHERE \"status\" = 'PAID' LIMIT '10'::int8 OFFSET"
                        + " '0'::int8) TO STDOUT (FORMAT binary)");
    }

    @Test
    void questionMarksInsideQuotesAreNotPlaceholders() {
        assertThat(CopyStatement.of("SELECT \"a?\" FROM \"t\" WHERE \"b\" = ?", List.of("?"), true))
                .contains("COPY (SELECT \"a?\" FROM \"t\" WHERE \"b\" = '?') TO STDOUT (FORMAT binary)");
        assertThat(CopyStatement.of("SELECT 'it''s ?' FROM \"t\" WHERE \"b\" = ?", List.of(1L), true))
                .contains("COPY (SELECT 'it''s ?' FROM \"t\" WHERE \"b\" = '1'::int8) TO STDOUT (FORMAT binary)");
    }

    @Test
    void aValueWithNoLiteralOrMismatchedPlaceholdersMeanNoCopy() {
        assertThat(CopyStatement.of("SELECT 1 WHERE ? = 1", List.of(new Object()), true)).isEmpty();
        assertThat(CopyStatement.of("SELECT 1 WHERE ? = ?", List.of(1L), true)).isEmpty();
        assertThat(CopyStatement.of("SELECT 1", List.of(1L), true)).isEmpty();
        assertThat(CopyStatement.of("SELECT '?", List.of(), true)).isEmpty();
    }

    @Test
    void aNullParameterIsNull() {
        assertThat(CopyStatement.of("SELECT ?", Arrays.asList((Object) null), true))
                .contains("COPY (SELECT NULL) TO STDOUT (FORMAT binary)");
    }
}
