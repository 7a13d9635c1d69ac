package dev.quiver.testsupport;

import java.util.Objects;
import java.util.function.Function;

/**
 * Where the PostgreSQL server is and how to log in.
 *
 * <p>Environment overrides (unset or blank means the default):
 * <ul>
 *   <li>{@code QUIVER_POSTGRES_HOST} (default {@code 127.0.0.1})</li>
 *   <li>{@code QUIVER_POSTGRES_PORT} (default {@code 5432})</li>
 *   <li>{@code QUIVER_POSTGRES_DB} (default {@code quiver})</li>
 *   <li>{@code QUIVER_POSTGRES_USER} (default {@code quiver})</li>
 *   <li>{@code QUIVER_POSTGRES_PASSWORD} (default {@code quiver}; an empty value is kept as an empty password)</li>
 * </ul>
 */
public record PostgresSettings(String host, int port, String database, String user, String password) {

    public PostgresSettings {
        EnvReader.checkText("PostgreSQL host", host);
        EnvReader.checkPort("PostgreSQL port", port);
        EnvReader.checkText("PostgreSQL database", database);
        EnvReader.checkText("PostgreSQL user", user);
        Objects.requireNonNull(password, "PostgreSQL password");
    }

    /** The DESIGN defaults: {@code quiver/quiver@127.0.0.1:5432/quiver}. */
    public static PostgresSettings defaults() {
        return new PostgresSettings("127.0.0.1", 5432, "quiver", "quiver", "quiver");
    }

    /** The defaults with the {@code QUIVER_POSTGRES_*} overrides read through {@code env}. */
    public static PostgresSettings fromEnvironment(Function<String, String> env) {
        EnvReader reader = new EnvReader(env);
        PostgresSettings d = defaults();
        return new PostgresSettings(
                reader.text("QUIVER_POSTGRES_HOST", d.host()),
                reader.port("QUIVER_POSTGRES_PORT", d.port()),
                reader.text("QUIVER_POSTGRES_DB", d.database()),
                reader.text("QUIVER_POSTGRES_USER", d.user()),
                reader.secret("QUIVER_POSTGRES_PASSWORD", d.password()));
    }

    /** {@code jdbc:postgresql://host:port/database}; pass user and password separately. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return "PostgresSettings[" + user + "@" + host + ":" + port + "/" + database + "]";
    }
}
