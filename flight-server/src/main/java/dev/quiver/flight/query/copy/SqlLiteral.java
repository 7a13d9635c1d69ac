package dev.quiver.flight.query.copy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.postgresql.core.Utils;

/**
 * A compiled query's parameter as a PostgreSQL literal, for the one statement that takes no bound parameters:
 * {@code COPY (SELECT ...) TO STDOUT}. Each literal is a quoted string cast to the type the JDBC driver binds the
 * same Java value as ({@code '5'::int8} for a {@code Long}), so the query means what it means with bound
 * parameters; a {@code String} stays untyped, as the server's JDBC connection binds strings
 * ({@code stringtype=unspecified}). Strings are escaped by the PostgreSQL driver's own {@link Utils#escapeLiteral}
 * for the connection's {@code standard_conforming_strings}.
 *
 * <p>Only the value types the request compilers produce are rendered, and only values PostgreSQL reads back
 * exactly as the driver would bind them: anything else (another type, a string with a NUL character, a date
 * outside years 1 to 9999) is refused with an empty result, and the query then runs with bound parameters.
 */
public final class SqlLiteral {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'");

    private SqlLiteral() {
    }

    /** {@code value} as a literal, or empty when it cannot be written as one (the caller then binds it). */
    public static Optional<String> of(Object value, boolean standardConformingStrings) {
        if (value == null) {
            return Optional.of("NULL");
        }
        if (value instanceof Long || value instanceof BigInteger && ((BigInteger) value).bitLength() < 64) {
            return Optional.of(typed(value.toString(), "int8"));
        }
        if (value instanceof Integer || value instanceof Short) {
            return Optional.of(typed(value.toString(), value instanceof Short ? "int2" : "int4"));
        }
        if (value instanceof Double || value instanceof Float) {
            return Optional.of(typed(value.toString(), value instanceof Float ? "float4" : "float8"));
        }
        if (value instanceof BigDecimal decimal) {
            return Optional.of(typed(decimal.toPlainString(), "numeric"));
        }
        if (value instanceof Boolean bool) {
            return Optional.of(bool ? "TRUE" : "FALSE");
        }
        if (value instanceof OffsetDateTime time) {
            OffsetDateTime utc = time.withOffsetSameInstant(ZoneOffset.UTC);
            return inSupportedYears(utc.getYear()) ? Optional.of(typed(TIMESTAMP.format(utc), "timestamptz")) : Optional.empty();
        }
        if (value instanceof LocalDate date) {
            return inSupportedYears(date.getYear()) ? Optional.of(typed(date.toString(), "date")) : Optional.empty();
        }
        if (value instanceof String text) {
            if (text.indexOf('\0') >= 0) {
                return Optional.empty(); // PostgreSQL text holds no NUL; bound, it fails the way it always did
            }
            try {
                return Optional.of(Utils.escapeLiteral(new StringBuilder("'"), text, standardConformingStrings)
                        .append('\'').toString());
            } catch (SQLException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static String typed(String text, String type) {
        return "'" + text + "'::" + type; // text is digits, signs, '.', 'E', NaN or Infinity: nothing to escape
    }

    private static boolean inSupportedYears(int year) {
        return year >= 1 && year <= 9999;
    }
}
