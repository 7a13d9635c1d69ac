package dev.quiver.testsupport;

import java.util.Objects;
import java.util.function.Function;

/**
 * Where the ClickHouse server is and how to log in.
 *
 * <p>Environment overrides (unset or blank means the default):
 * <ul>
 *   <li>{@code QUIVER_CLICKHOUSE_HOST} (default {@code 127.0.0.1})</li>
 *   <li>{@code QUIVER_CLICKHOUSE_HTTP_PORT} (default {@code 8123})</li>
 *   <li>{@code QUIVER_CLICKHOUSE_NATIVE_PORT} (default {@code 9000})</li>
 *   <li>{@code QUIVER_CLICKHOUSE_USER} (default {@code default})</li>
 *   <li>{@code QUIVER_CLICKHOUSE_PASSWORD} (default empty)</li>
 * </ul>
 * The database is always {@code default}.
 */
public record ClickHouseSettings(String host, int httpPort, int nativePort, String user, String password,
                                 String database) {

    public ClickHouseSettings {
        EnvReader.checkText("ClickHouse host", host);
        EnvReader.checkPort("ClickHouse HTTP port", httpPort);
        EnvReader.checkPort("ClickHouse native port", nativePort);
        EnvReader.checkText("ClickHouse user", user);
        Objects.requireNonNull(password, "ClickHouse password");
        EnvReader.checkText("ClickHouse database", database);
    }

    /** The DESIGN defaults: user {@code default} without password at {@code 127.0.0.1:8123}. */
    public static ClickHouseSettings defaults() {
        return new ClickHouseSettings("127.0.0.1", 8123, 9000, "default", "", "default");
    }

    /** The defaults with the {@code QUIVER_CLICKHOUSE_*} overrides read through {@code env}. */
    public static ClickHouseSettings fromEnvironment(Function<String, String> env) {
        EnvReader reader = new EnvReader(env);
        ClickHouseSettings d = defaults();
        return new ClickHouseSettings(
                reader.text("QUIVER_CLICKHOUSE_HOST", d.host()),
                reader.port("QUIVER_CLICKHOUSE_HTTP_PORT", d.httpPort()),
                reader.port("QUIVER_CLICKHOUSE_NATIVE_PORT", d.nativePort()),
                reader.text("QUIVER_CLICKHOUSE_USER", d.user()),
                reader.secret("QUIVER_CLICKHOUSE_PASSWORD", d.password()),
                d.database());
    }

    /** The HTTP interface, {@code http://host:httpPort} (what clickhouse-java client-v2 takes as endpoint). */
    public String httpUrl() {
        return "http://" + host + ":" + httpPort;
    }

    @Override
    public String toString() {
        return "ClickHouseSettings[" + user + "@" + host + ":" + httpPort + " (native " + nativePort + ")/" + database + "]";
    }
}
