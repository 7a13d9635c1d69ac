package dev.quiver.flight.query.copy;

import java.util.List;
import java.util.Optional;

/**
 * A compiled SELECT with {@code ?} placeholders turned into {@code COPY (SELECT ...) TO STDOUT (FORMAT binary)}, its
 * parameters written in as {@link SqlLiteral}s (COPY takes no bound parameters). Placeholders are found outside
 * quoted identifiers and string literals; the compilers write neither a literal nor a {@code ?} operator, so every
 * other {@code ?} is a placeholder.
 */
public final class CopyStatement {
    private CopyStatement() {
    }

    /**
     * The COPY statement of {@code select}, or empty when a parameter cannot be written as a literal or the
     * placeholders and parameters do not pair up.
     */
    public static Optional<String> of(String select, List<Object> parameters, boolean standardConformingStrings) {
        StringBuilder sql = new StringBuilder(select.length() + 64).append("COPY (");
        int next = 0;
        char quote = 0;
        for (int i = 0; i < select.length(); i++) {
            char c = select.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
                sql.append(c);
            } else if (c == '"' || c == '\'') {
                quote = c;
                sql.append(c);
            } else if (c == '?') {
                if (next == parameters.size()) {
                    return Optional.empty();
                }
                Optional<String> literal = SqlLiteral.of(parameters.get(next++), standardConformingStrings);
                if (literal.isEmpty()) {
                    return Optional.empty();
                }
                sql.append(literal.get());
            } else {
                sql.append(c);
            }
        }
        if (quote != 0 || next != parameters.size()) {
            return Optional.empty();
        }
        return Optional.of(sql.append(") TO STDOUT (FORMAT binary)").toString());
    }
}
