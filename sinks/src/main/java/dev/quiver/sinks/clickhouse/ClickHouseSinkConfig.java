package dev.quiver.sinks.clickhouse;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where and how {@link ClickHouseSink} writes.
 *
 * @param endpoint       the HTTP interface, e.g. {@code http://127.0.0.1:8123}
 * @param user           the user to log in as
 * @param password       its password (may be empty)
 * @param database       the database holding the table; created by {@link ClickHouseSink#start()} if absent
 * @param table          the events table; created by {@link ClickHouseSink#start()} if absent
 * @param connectTimeout how long to wait for a TCP connection
 * @param socketTimeout  how long a request may wait for the next bytes of the server's answer
 * @param insertFormat   the wire format of inserts
 */
public record ClickHouseSinkConfig(URI endpoint, String user, String password, String database, String table,
                                   Duration connectTimeout, Duration socketTimeout, InsertFormat insertFormat) {

    /** How rows travel to the server. */
    public enum InsertFormat {
        /** ClickHouse's binary row format: no text parsing on the server (default, the faster one). */
        ROW_BINARY,
        /** One JSON object per row. */
        JSON_EACH_ROW
    }

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    public ClickHouseSinkConfig {
        Objects.requireNonNull(endpoint, "endpoint");
        if (!"http".equals(endpoint.getScheme()) && !"https".equals(endpoint.getScheme()) || endpoint.getHost() == null) {
            throw new IllegalArgumentException("ClickHouse endpoint must be an http:// or https:// URL with a host,"
                    + " e.g. http://127.0.0.1:8123, but was '" + endpoint + "'");
        }
        requireText("user", user);
        Objects.requireNonNull(password, "password");
        requireIdentifier("database", database);
        requireIdentifier("table", table);
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("socketTimeout", socketTimeout);
        Objects.requireNonNull(insertFormat, "insertFormat");
    }

    /** {@code http://127.0.0.1:8123}, user {@code default} without password, {@code quiver.events}, RowBinary. */
    public static ClickHouseSinkConfig defaults() {
        return new ClickHouseSinkConfig(URI.create("http://127.0.0.1:8123"), "default", "", "quiver", "events",
                Duration.ofSeconds(5), Duration.ofSeconds(30), InsertFormat.ROW_BINARY);
    }

    /** {@code database.table}, for SQL (both are plain identifiers, checked in the constructor). */
    public String qualifiedTable() {
        return database + "." + table;
    }

    @Override
    public String toString() {
        return "ClickHouseSinkConfig[" + user + "@" + endpoint + "/" + qualifiedTable() + ", connectTimeout="
                + connectTimeout + ", socketTimeout=" + socketTimeout + ", " + insertFormat + "]";
    }

    private static void requireText(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("ClickHouse " + name + " must not be blank");
        }
    }

    private static void requireIdentifier(String name, String value) {
        if (value == null || !IDENTIFIER.matcher(value).matches()) {
            throw new IllegalArgumentException("ClickHouse " + name + " must be a plain identifier (letters, digits,"
                    + " underscores; not starting with a digit; at most 64 characters) but was '" + value + "'");
        }
    }

    static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration but was " + value);
        }
    }
}
