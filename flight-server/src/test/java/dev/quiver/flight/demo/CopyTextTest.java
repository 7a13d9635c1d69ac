package dev.quiver.flight.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CopyTextTest {
    private static String row(Object... values) {
        StringBuilder line = new StringBuilder();
        CopyText.appendRow(line, values);
        return line.toString();
    }

    @Test
    void valuesAreTabSeparatedWithBackslashNForNull() {
        assertThat(row(7L, "Ada", null, 3)).isEqualTo("7\tAda\t\\N\t3\n");
    }

    @Test
    void backslashTabNewlineAndCarriageReturnAreEscaped() {
        assertThat(row("a\\b\tc\nd\re")).isEqualTo("a\\\\b\\tc\\nd\\re\n");
    }

    @Test
    void typedValuesUseFormsPostgresParsesExactly() {
        assertThat(row(true, false)).isEqualTo("t\tf\n");
        assertThat(row(new BigDecimal("1E+3"), new BigDecimal("12.50"))).isEqualTo("1000\t12.50\n");
        assertThat(row(OffsetDateTime.of(2024, 2, 29, 13, 5, 0, 0, ZoneOffset.UTC))).isEqualTo("2024-02-29T13:05:00Z\n");
        assertThat(row(LocalDate.of(1969, 7, 20), 2.4059999999999997)).isEqualTo("1969-07-20\t2.4059999999999997\n");
    }

    @Test
    void unknownTypesAreRefusedRatherThanGuessed() {
        assertThatThrownBy(() -> row(new Object())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Object");
    }
}
