package dev.quiver.flight.query.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Binds compiled parameters to placeholders; values are bound, never written into the SQL text, except by
 * {@link dev.quiver.flight.query.copy.CopyStatement}, which writes them as typed literals for a COPY (which takes no
 * bound parameters).
 */
public final class StatementBinder {
    private StatementBinder() {
    }

    /** Binds {@code parameters} to the placeholders from {@code first} (1-based) on. */
    public static void bind(PreparedStatement statement, int first, List<Object> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(first + i, parameters.get(i));
        }
    }
}
