package dev.quiver.flight.demo;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * One row in PostgreSQL's COPY text format: values separated by tabs, {@code \N} for NULL, and backslash,
 * tab, newline and carriage return escaped with a backslash.
 */
final class CopyText {
    private CopyText() {
    }

    /** Appends {@code values} as one line, newline included. */
    static void appendRow(StringBuilder line, Object... values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                line.append('\t');
            }
            appendValue(line, values[i]);
        }
        line.append('\n');
    }

    private static void appendValue(StringBuilder line, Object value) {
        if (value == null) {
            line.append("\\N");
        } else if (value instanceof String) {
            escape(line, (String) value);
        } else if (value instanceof Boolean) {
            line.append((Boolean) value ? 't' : 'f');
        } else if (value instanceof BigDecimal) {
            line.append(((BigDecimal) value).toPlainString());
        } else if (value instanceof OffsetDateTime) {
            line.append(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format((OffsetDateTime) value));
        } else if (value instanceof Number || value instanceof java.time.LocalDate) {
            line.append(value); // Long, Integer, Double (Double.toString round-trips), LocalDate (ISO)
        } else {
            throw new IllegalArgumentException("no COPY text form for " + value.getClass().getName());
        }
    }

    private static void escape(StringBuilder line, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\': line.append("\\\\"); break;
                case '\t': line.append("\\t"); break;
                case '\n': line.append("\\n"); break;
                case '\r': line.append("\\r"); break;
                default: line.append(c);
            }
        }
    }
}
