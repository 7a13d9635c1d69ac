package dev.quiver.flight.testing;

import dev.quiver.testsupport.PostgresSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;

/** What PostgreSQL is running right now, from {@code pg_stat_activity}: proof that a statement really ended there. */
public final class PostgresActivity {
    private PostgresActivity() {
    }

    /** Statements of other sessions active now whose text contains any of {@code names} (a table, a view). */
    public static int activeStatementsNaming(PostgresSettings pg, String... names) {
        String anyName = String.join(" OR ", Collections.nCopies(names.length, "query LIKE ?"));
        try (Connection connection = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM pg_stat_activity"
                     + " WHERE state = 'active' AND pid <> pg_backend_pid() AND (" + anyName + ")")) {
            for (int i = 0; i < names.length; i++) {
                query.setString(i + 1, "%" + names[i] + "%");
            }
            try (ResultSet count = query.executeQuery()) {
                count.next();
                return count.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read pg_stat_activity", e);
        }
    }
}
