package dev.quiver.flight.source;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** A database reached through a JDBC URL: PostgreSQL, or H2 for the embedded demo. */
public final class JdbcDatabase implements Database {
    private final String kind;
    private final String url;
    private final Properties properties;

    public JdbcDatabase(String kind, String url, String user, String password) {
        this.kind = kind;
        this.url = url;
        this.properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        if (kind.equals("postgres")) {
            // bind strings as untyped so an ID string compares with a bigint key
            properties.setProperty("stringtype", "unspecified");
            // binary results from the first execution (not only after 5): numerics and timestamps decode faster
            properties.setProperty("prepareThreshold", "-1");
        }
    }

    /** PostgreSQL at {@code jdbc:postgresql://...}. */
    public static JdbcDatabase postgres(String url, String user, String password) {
        return new JdbcDatabase("postgres", url, user, password);
    }

    /**
     * A private in-memory H2 database in PostgreSQL mode that lives until {@link #close()}, with
     * {@link LinearLike} registered for {@code like} filters.
     */
    public static JdbcDatabase embedded(String name) {
        JdbcDatabase database = new JdbcDatabase("embedded", "jdbc:h2:mem:" + name
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "");
        try (Connection connection = database.connect()) {
            connection.createStatement().execute(LinearLike.h2Alias()); // like compiles to it here (SqlDialect)
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the embedded database " + name, e);
        }
        return database;
    }

    @Override
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, properties);
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public void close() {
        if (url.startsWith("jdbc:h2:mem:")) {
            try (Connection connection = connect()) {
                connection.createStatement().execute("SHUTDOWN");
            } catch (SQLException e) {
                throw new IllegalStateException("cannot shut down the embedded database", e);
            }
        }
    }
}
