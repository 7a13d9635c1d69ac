package dev.quiver.flight.testing;

import dev.quiver.flight.source.JdbcDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * An embedded H2 database for the call-limit tests, with three root fields:
 * <ul>
 *   <li>{@code slowRows}: a view taking a millisecond per row over a million rows, which H2 materialises before
 *       the first row, so a query on it blocks inside the SQL for as long as nobody cancels it;</li>
 *   <li>{@code blobs}: {@value #BLOB_ROWS} rows of {@value #BLOB_CHARS} characters, far more than gRPC buffers
 *       for a client that does not read, so such a stream blocks on backpressure;</li>
 *   <li>{@code smalls}: three short rows that stream at once.</li>
 * </ul>
 */
public final class LimitsDatabase {
    public static final int BLOB_ROWS = 48;
    public static final int BLOB_CHARS = 1_000_000;
    public static final String SDL = String.join("\n",
            "type SlowRow @table(name: \"slow_rows\", root: \"slowRows\") { id: ID! note: String }",
            "type Blob @table(name: \"blobs\") { id: ID! body: String! }",
            "type Small @table(name: \"smalls\") { id: ID! name: String! }",
            "");

    private LimitsDatabase() {
    }

    public static JdbcDatabase create() throws SQLException {
        JdbcDatabase database = JdbcDatabase.embedded("limits-" + UUID.randomUUID());
        try (Connection connection = database.connect(); Statement sql = connection.createStatement()) {
            sql.execute("CREATE ALIAS slow_note FOR \"" + SlowSql.class.getName() + ".note\"");
            sql.execute("CREATE VIEW slow_rows AS SELECT r.\"X\" AS id, slow_note(r.\"X\") AS note"
                    + " FROM SYSTEM_RANGE(1, 1000000) r");
            sql.execute("CREATE TABLE blobs (id BIGINT PRIMARY KEY, body VARCHAR NOT NULL)");
            sql.execute("INSERT INTO blobs SELECT r.\"X\", REPEAT('x', " + BLOB_CHARS + ") FROM SYSTEM_RANGE(1, "
                    + BLOB_ROWS + ") r");
            sql.execute("CREATE TABLE smalls (id BIGINT PRIMARY KEY, name VARCHAR NOT NULL)");
            sql.execute("INSERT INTO smalls VALUES (1, 'one'), (2, 'two'), (3, 'three')");
        }
        return database;
    }

    /** Statements other sessions are executing right now that mention {@code text}. */
    public static int runningStatements(JdbcDatabase database, String text) throws SQLException {
        try (Connection connection = database.connect();
             PreparedStatement query = connection.prepareStatement("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS"
                     + " WHERE SESSION_ID <> SESSION_ID() AND EXECUTING_STATEMENT LIKE ?")) {
            query.setString(1, "%" + text + "%");
            try (ResultSet count = query.executeQuery()) {
                count.next();
                return count.getInt(1);
            }
        }
    }
}
