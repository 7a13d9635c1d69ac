package dev.quiver.flight.history;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * Where event history is read from: the ClickHouse events table the sinks module writes.
 *
 * @param url      {@code --clickhouse-url} / {@code QUIVER_CLICKHOUSE_URL}: ClickHouse's HTTP interface, e.g.
 *                 {@code http://127.0.0.1:8123}; absent (the default) = no history, {@code events} queries answer
 *                 UNAVAILABLE
 * @param user     {@code --clickhouse-user} / {@code QUIVER_CLICKHOUSE_USER} (default {@code default})
 * @param password {@code --clickhouse-password} / {@code QUIVER_CLICKHOUSE_PASSWORD} (default empty)
 * @param database {@code --clickhouse-database} / {@code QUIVER_CLICKHOUSE_DATABASE} (default {@code quiver})
 * @param table    {@code --clickhouse-table} / {@code QUIVER_CLICKHOUSE_TABLE} (default {@code events})
 */
public record HistoryConfig(URI url, String user, String password, String database, String table) {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    public HistoryConfig {
        if (url != null && (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null)) {
            throw new IllegalArgumentException("--clickhouse-url must be an http:// or https:// URL with a host, e.g."
                    + " http://127.0.0.1:8123, but was '" + url + "'");
        }
        user = user == null || user.isBlank() ? "default" : user;
        password = password == null ? "" : password;
        requireIdentifier("--clickhouse-database", database);
        requireIdentifier("--clickhouse-table", table);
    }

    /** No history: {@code events} queries answer UNAVAILABLE. */
    public static HistoryConfig disabled() {
        return new HistoryConfig(null, "default", "", "quiver", "events");
    }

    /** History from {@code url}, table {@code database.table}, user {@code default} without password. */
    public static HistoryConfig of(String url, String database, String table) {
        return new HistoryConfig(URI.create(url), "default", "", database, table);
    }

    public boolean enabled() {
        return url != null;
    }

    /** {@code database.table}; both are plain identifiers (checked in the constructor). */
    public String qualifiedTable() {
        return database + "." + table;
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return enabled() ? "HistoryConfig[" + user + "@" + url + "/" + qualifiedTable() + "]" : "HistoryConfig[disabled]";
    }

    private static void requireIdentifier(String flag, String value) {
        if (value == null || !IDENTIFIER.matcher(value).matches()) {
            throw new IllegalArgumentException(flag + " must be a plain identifier (letters, digits, _; not starting with"
                    + " a digit), got '" + value + "'");
        }
    }
}
