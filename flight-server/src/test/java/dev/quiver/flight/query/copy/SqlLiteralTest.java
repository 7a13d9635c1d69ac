package dev.quiver.flight.query.copy;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlLiteralTest {

    @Test
    void numbersAreQuotedAndCastToTheTypeTheDriverBindsThemAs() {
        assertThat(SqlLiteral.of(5L, true)).contains("'5'::int8");
        assertThat(SqlLiteral.of(Long.MIN_VALUE, true)).contains("'-9223372036854775808'::int8");
        assertThat(SqlLiteral.of(-7, true)).contains("'-7'::int4");
        assertThat(SqlLiteral.of(BigInteger.TEN, true)).contains("'10'::int8");
        assertThat(SqlLiteral.of(1.5, true)).contains("'1.5'::float8");
        assertThat(SqlLiteral.of(Double.NaN, true)).contains("'NaN'::float8");
        assertThat(SqlLiteral.of(Double.NEGATIVE_INFINITY, true)).contains("'-Infinity'::float8");
        assertThat(SqlLiteral.of(new BigDecimal("1E+3"), true)).contains("'1000'::numeric");
        assertThat(SqlLiteral.of(new BigDecimal("-0.000000001"), true)).contains("'-0.000000001'::numeric");
        assertThat(SqlLiteral.of(true, true)).contains("TRUE");
        assertThat(SqlLiteral.of(null, true)).contains("NULL");
    }

    @Test
    void instantsAndDatesAreWrittenInUtcWithEveryFractionDigit() {
        assertThat(SqlLiteral.of(OffsetDateTime.parse("2024-02-29T12:34:56.123456789+05:00"), true))
                .contains("'2024-02-29T07:34:56.123456789Z'::timestamptz");
        assertThat(SqlLiteral.of(LocalDate.parse("0001-01-01"), true)).contains("'0001-01-01'::date");
    }

    @Test
    void valuesPostgresqlWouldReadOtherwiseAreLeftToBinding() {
        assertThat(SqlLiteral.of(LocalDate.of(10_000, 1, 1), true)).isEmpty();
        assertThat(SqlLiteral.of(OffsetDateTime.parse("-0001-01-01T00:00:00Z"), true)).isEmpty();
        assertThat(SqlLiteral.of("a\0b", true)).isEmpty();
        assertThat(SqlLiteral.of(BigInteger.TWO.pow(70), true)).isEmpty();
        assertThat(SqlLiteral.of(List.of(1), true)).isEmpty();
        assertThat(SqlLiteral.of(new Object(), true)).isEmpty();
    }

    @Test
    void stringsStayUntypedAndTheirQuotesAreDoubled() {
        assertThat(SqlLiteral.of("it's", true)).contains("'it''s'");
        assertThat(SqlLiteral.of("'); DROP TABLE orders; --", true)).contains("'''); DROP TABLE orders; --'");
        assertThat(SqlLiteral.of("back\\slash", true)).contains("'back\\slash'");
        assertThat(SqlLiteral.of("$$ ? \" ☃", true)).contains("'$$ ? \" ☃'");
    }

    @Test
    void withoutStandardConformingStringsBackslashesAreDoubledToo() {
        assertThat(SqlLiteral.of("back\\slash'", false)).contains("'back\\\\slash'''");
    }
}
